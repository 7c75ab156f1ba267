import Foundation

// TEMPORARY until CallModel's NotificationParser lands in main; replaced then (no duplicated logic).
struct InterimNotificationParser: NotificationBodyParsing {
    func callIDs(in body: [UInt8]) throws(NotificationBodyError) -> [String] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body))
        } catch {
            throw NotificationBodyError(message: "invalid JSON: \(error.localizedDescription)")
        }
        guard let envelope = object as? [String: Any] else {
            throw NotificationBodyError(message: "the body is not a JSON object")
        }
        guard let items = envelope["value"] as? [Any] else {
            throw NotificationBodyError(message: "the body has no \"value\" array")
        }
        var ids: [String] = []
        for (index, item) in items.enumerated() {
            guard let item = item as? [String: Any] else {
                throw NotificationBodyError(message: "value[\(index)] is not an object")
            }
            let url = (item["resourceUrl"] as? String) ?? (item["resource"] as? String) ?? ""
            guard let range = url.range(of: "/calls/"), !url[range.upperBound...].isEmpty else {
                throw NotificationBodyError(message: "value[\(index)] has no call id in resourceUrl")
            }
            ids.append(String(url[range.upperBound...].prefix { $0 != "/" }))
        }
        return ids
    }
}
