#!/usr/bin/env python3
"""A minimal redirect worker in Python: the script issue #13 measured the worker against.

confluent-kafka and aiohttp, up to SWITCHBOARD_MAX_IN_FLIGHT calls in flight, one call at a time per call id
(per-key chaining), a Graph redirect per call with a client-credentials token, and one final outcome event per
call. It does less than `switchboard worker`: no routing rules, no offset commits, no deadline checks, no
retries, no write-ahead `attempting` record, no ledger, no metrics. Started by
`switchboard-dev bench pipeline --worker-process --worker-command scripts/bench/script-worker.py` with the
worker's SWITCHBOARD_* environment, so both run on the same broker, topics, simulated Graph and feed; see
scripts/bench/versus-script. Not for production.
"""
import asyncio
import datetime
import json
import os
import signal
import ssl
import time
import uuid

from aiohttp import ClientSession, ClientTimeout, TCPConnector, web
from confluent_kafka import Consumer, Producer

ENV = os.environ
# The bench's one rule: every call to this application (BenchPipelineCommand.PipelineRun.rules).
TARGETS = [{"identity": {"application": {"id": "22bfd41f-550e-477d-8789-f6f7bd2a5e8b", "displayName": "bench bot"}}}]


def rfc3339(milliseconds):
    moment = datetime.datetime.fromtimestamp(milliseconds // 1000, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{milliseconds % 1000:03d}Z"


class ScriptWorker:
    def __init__(self):
        properties = dict(
            entry.split("=", 1) for entry in ENV.get("SWITCHBOARD_KAFKA_PROPERTIES", "").split(";") if "=" in entry)
        brokers = ENV["SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS"]
        self.consumer = Consumer({
            "bootstrap.servers": brokers, "group.id": ENV["SWITCHBOARD_CONSUMER_GROUP"],
            "auto.offset.reset": "earliest", "enable.auto.commit": False, **properties})
        self.producer = Producer({"bootstrap.servers": brokers, "linger.ms": 1})
        self.outcomes_topic = ENV["SWITCHBOARD_OUTCOMES_TOPIC"]
        self.base_url = ENV["SWITCHBOARD_GRAPH_BASE_URL"].rstrip("/")
        self.authority = ENV["SWITCHBOARD_GRAPH_AUTHORITY"].rstrip("/")
        self.in_flight = asyncio.Semaphore(int(ENV.get("SWITCHBOARD_MAX_IN_FLIGHT", "1000")))
        self.tails = {}  # call id -> the task of its latest record
        self.tokens = {}  # tenant -> token
        self.assigned = False
        self.stopping = asyncio.Event()

    async def token(self, session, tenant):
        if tenant not in self.tokens:
            form = {"grant_type": "client_credentials", "client_id": ENV["SWITCHBOARD_GRAPH_CLIENT_ID"],
                    "client_secret": ENV["SWITCHBOARD_GRAPH_CLIENT_SECRET"],
                    "scope": "https://graph.microsoft.com/.default"}
            async with session.post(f"{self.authority}/{tenant}/oauth2/v2.0/token", data=form) as response:
                response.raise_for_status()
                self.tokens[tenant] = (await response.json())["access_token"]
        return self.tokens[tenant]

    async def handle(self, session, message, previous):
        if previous is not None:
            await previous
        headers = {key: value.decode() for key, value in (message.headers() or [])}
        notification = json.loads(message.value())
        call_id = notification["value"][0]["resourceUrl"].rsplit("/", 1)[-1]
        tenant = headers.get("switchboard-tenant") or ENV["SWITCHBOARD_GRAPH_TENANTS"].split(",")[0]
        client_request_id = str(uuid.uuid4())
        request_headers = {"Authorization": "Bearer " + await self.token(session, tenant),
                           "client-request-id": client_request_id}
        url = f"{self.base_url}/v1.0/communications/calls/{call_id}/redirect"
        async with session.post(url, json={"targets": TARGETS}, headers=request_headers) as response:
            await response.read()
            outcome_type = "redirected" if response.status == 202 else "failed"
            request_id = response.headers.get("request-id")
        finished = int(time.time() * 1000)
        received = int(headers.get("switchboard-received-at", finished))
        outcome = {"attempts": 1, "callId": call_id, "clientRequestId": client_request_id,
                   "graphRequestId": request_id, "targets": [], "tenantId": tenant,
                   "timings": {"finishedAt": rfc3339(finished), "latencyMilliseconds": finished - received,
                               "receivedAt": rfc3339(received)},
                   "type": outcome_type}
        event_headers = [("ce_specversion", "1.0"), ("ce_id", str(uuid.uuid4())), ("ce_source", "script-worker"),
                         ("ce_type", "com.switchboard.call." + outcome_type), ("ce_time", rfc3339(finished)),
                         ("ce_subject", call_id), ("content-type", "application/json")]
        self.producer.produce(self.outcomes_topic, key=call_id.encode(), value=json.dumps(outcome).encode(),
                              headers=event_headers, partition=message.partition())

    async def run_record(self, session, message, key, previous):
        try:
            await self.handle(session, message, previous)
        finally:
            self.in_flight.release()
            if self.tails.get(key) is asyncio.current_task():
                del self.tails[key]

    async def consume(self, session):
        loop = asyncio.get_running_loop()
        self.consumer.subscribe([ENV["SWITCHBOARD_NOTIFICATIONS_TOPIC"]], on_assign=self.on_assign)
        while not self.stopping.is_set():
            messages = await loop.run_in_executor(None, self.consumer.consume, 500, 0.05)
            for message in messages:
                if message.error():
                    continue
                await self.in_flight.acquire()
                key = message.key()
                task = asyncio.create_task(self.run_record(session, message, key, self.tails.get(key)))
                self.tails[key] = task
            self.producer.poll(0)

    def on_assign(self, consumer, partitions):
        self.assigned = True

    async def readyz(self, request):
        return web.Response(status=200 if self.assigned else 503)

    async def main(self):
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, self.stopping.set)
        app = web.Application()
        app.router.add_get("/readyz", self.readyz)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", int(ENV["SWITCHBOARD_HEALTH_PORT"])).start()
        context = ssl.create_default_context(cafile=ENV["SWITCHBOARD_GRAPH_CA_FILE"]) \
            if ENV.get("SWITCHBOARD_GRAPH_CA_FILE") else None
        # Many keep-alive connections, as the worker's HTTP/1.1 pool has.
        connector = TCPConnector(limit=int(ENV.get("SWITCHBOARD_MAX_IN_FLIGHT", "1000")), ssl=context)
        async with ClientSession(connector=connector, timeout=ClientTimeout(total=15)) as session:
            await self.consume(session)
            await asyncio.gather(*self.tails.values(), return_exceptions=True)
        self.producer.flush(10)
        self.consumer.close()
        await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(ScriptWorker().main())
