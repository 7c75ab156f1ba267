// The librdkafka headers the Kafka module needs; only that module imports CRdKafka.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <sys/eventfd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

/// Swift cannot call C variadic functions, and librdkafka 2.0.2 has no array variant of
/// `rd_kafka_mock_broker_push_request_error_rtts`; this pushes one (error, round-trip time) pair.
static inline rd_kafka_resp_err_t
switchboard_mock_broker_push_request_error_rtt(rd_kafka_mock_cluster_t *mcluster,
                                               int32_t broker_id,
                                               int16_t api_key,
                                               rd_kafka_resp_err_t err,
                                               int rtt_ms) {
        return rd_kafka_mock_broker_push_request_error_rtts(mcluster, broker_id, api_key, 1,
                                                            err, rtt_ms);
}

/// Names the calling thread (visible in `top -H` and debuggers); Linux only, at most 15 bytes are kept.
static inline void switchboard_set_thread_name(const char *name) {
#ifdef __linux__
        prctl(PR_SET_NAME, name, 0, 0, 0);
#else
        (void)name;
#endif
}
