"""Load and observation for the failover test: workers that create inquiries, generate links
and redeem them against two replicas, recording every acknowledged result and every error; and
a poller that records `/readyz` and gRPC health of each replica every 100 ms."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

import grpc
from grpc_health.v1 import health_pb2

import verilink
from verilink.v1 import inquiry_pb2, one_time_link_pb2

from cluster import Replica, http_status

#: Every call's deadline: a call may wait for a connection (the queue timeout) and libpq's
#: connect timeout, never longer.
CALL_DEADLINE = 15.0
#: Attempts of one operation before the worker gives up on it (and records that).
ATTEMPTS = 40
HEALTH_SERVICE = "verilink.v1.InquiryService"


@dataclass
class Call:
    rpc: str
    replica: str
    start: float
    end: float
    code: str
    reason: str = ""
    retry_info: bool = False
    message: str = ""


@dataclass
class Record:
    """What the workers saw. Lists are appended to under the GIL (list.append is atomic)."""

    calls: List[Call] = field(default_factory=list)
    inquiries: List[str] = field(default_factory=list)  # acknowledged CreateInquiry
    links: Dict[str, str] = field(default_factory=dict)  # acknowledged link id -> inquiry id
    redeemed: List[Tuple[str, str]] = field(default_factory=list)  # (link id, session id)
    gave_up: List[str] = field(default_factory=list)


@dataclass
class Probe:
    t: float
    replica: str
    ready: bool
    serving: bool


class Driver:
    def __init__(self, replicas: List[Replica], api_key: str, template_id: str) -> None:
        self.replicas = replicas
        self.template_id = template_id
        self.clients = [verilink.Client(r.grpc, api_key) for r in replicas]
        self.redeemers = [verilink.Client(r.grpc) for r in replicas]
        self.record = Record()
        self.probes: List[Probe] = []
        self.stopping = threading.Event()
        self.threads: List[threading.Thread] = []

    # --- one call, recorded ------------------------------------------------------------------
    def _call(self, rpc: str, i: int, fn: Callable[[], object]) -> Tuple[Optional[object], Call]:
        start = time.monotonic()
        try:
            response = fn()
            call = Call(rpc, self.replicas[i].name, start, time.monotonic(), "OK")
            self.record.calls.append(call)
            return response, call
        except grpc.RpcError as e:
            assert isinstance(e, grpc.Call)
            info = verilink.error_info(e)
            call = Call(rpc, self.replicas[i].name, start, time.monotonic(), e.code().name,
                        info.reason if info else "", verilink.retry_info(e) is not None,
                        e.details() or "")
            self.record.calls.append(call)
            return None, call

    def _until_done(self, rpc: str, i: int, fn: Callable[[], object]) -> Optional[object]:
        """Repeats a call that is safe to repeat (an idempotency key, or a redemption, which
        succeeds at most once) while it fails with UNAVAILABLE, as a client should."""
        for attempt in range(ATTEMPTS):
            response, call = self._call(rpc, i, fn)
            if response is not None or call.code not in ("UNAVAILABLE", "ABORTED"):
                return response
            if self.stopping.is_set() and attempt > 0:
                break
            time.sleep(min(0.05 * 2**attempt, 0.5))
        self.record.gave_up.append(rpc)
        return None

    # --- the workers ---------------------------------------------------------------------------
    def _worker(self, n: int) -> None:
        i = n % len(self.replicas)
        other = (i + 1) % len(self.replicas)
        while not self.stopping.is_set():
            request = inquiry_pb2.CreateInquiryRequest(
                inquiry=inquiry_pb2.Inquiry(inquiry_template_id=self.template_id,
                                            reference_id=f"failover-{n}"))
            key = verilink.idempotency(str(uuid.uuid4()))
            created = self._until_done("CreateInquiry", i, lambda: self.clients[i].inquiries
                                       .CreateInquiry(request, metadata=key,
                                                      timeout=CALL_DEADLINE))
            if created is None:
                continue
            inquiry_id = created.inquiry.id  # type: ignore[attr-defined]
            self.record.inquiries.append(inquiry_id)
            generate = one_time_link_pb2.GenerateOneTimeLinkRequest(inquiry_id=inquiry_id)
            key = verilink.idempotency(str(uuid.uuid4()))
            link = self._until_done("GenerateOneTimeLink", other, lambda: self.clients[other]
                                    .one_time_links.GenerateOneTimeLink(
                                        generate, metadata=key, timeout=CALL_DEADLINE))
            if link is None:
                continue
            link_id = link.one_time_link.id  # type: ignore[attr-defined]
            self.record.links[link_id] = inquiry_id
            redeem = one_time_link_pb2.RedeemOneTimeLinkRequest(
                code=link.code, client_ip=f"10.0.{n}.1")  # type: ignore[attr-defined]
            # The same code on both replicas at once: at most one may open a session.
            results: List[Optional[object]] = [None, None]

            def redeem_on(slot: int, r: int) -> None:
                results[slot] = self._until_done("RedeemOneTimeLink", r, lambda: self
                                                 .redeemers[r].one_time_links
                                                 .RedeemOneTimeLink(redeem,
                                                                    timeout=CALL_DEADLINE))

            twin = threading.Thread(target=redeem_on, args=(1, other))
            twin.start()
            redeem_on(0, i)
            twin.join()
            for result in results:
                if result is not None:
                    self.record.redeemed.append(
                        (link_id, result.session.id))  # type: ignore[attr-defined]

    def _poller(self) -> None:
        stubs = [c.health for c in self.redeemers]
        while not self.stopping.is_set():
            for r, stub in zip(self.replicas, stubs):
                t = time.monotonic()
                ready = http_status(f"http://{r.http}/readyz", timeout=1.0) == 200
                try:
                    status = stub.Check(health_pb2.HealthCheckRequest(service=HEALTH_SERVICE),
                                        timeout=1.0).status
                    serving = status == health_pb2.HealthCheckResponse.SERVING
                except grpc.RpcError:
                    serving = False
                self.probes.append(Probe(t, r.name, ready, serving))
            time.sleep(0.1)

    def start(self, workers: int) -> None:
        self.stopping.clear()
        self.threads = [threading.Thread(target=self._worker, args=(n,)) for n in range(workers)]
        self.threads.append(threading.Thread(target=self._poller))
        for t in self.threads:
            t.start()

    def stop(self) -> None:
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=3 * CALL_DEADLINE)
        for t in self.threads:
            if t.is_alive():
                raise RuntimeError("a worker did not stop: a call outlived its deadline")

    def close(self) -> None:
        for c in self.clients + self.redeemers:
            c.close()
