"""Database failover, survived and measured (run through tests/failover/run).

Two Patroni-managed PostgreSQL nodes with synchronous replication, two Verilink replicas on a
multi-host URL (target_session_attrs=read-write), eight workers creating inquiries,
generating links and redeeming each link on both replicas at once. Case 1 kills the primary's
postmaster; case 2, once the old primary is back as the synchronous standby, kills the whole
node of the new primary. Then it checks, against the surviving primary, that no acknowledged
write was lost and no link was redeemed twice, and that the outage looked as promised: every
failed call UNAVAILABLE with a reason (never INTERNAL), health and /readyz not serving while no
primary answered, both replicas writing again within 5 s of the promotion. Prints the numbers;
exits 1 on any broken guarantee."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

from cluster import Node, Processes, Replica, start_etcd, wait_until
from drive import Driver, Record

WORKERS = 8
WARM_UP = 4.0
AFTER_PROMOTION = 10.0
#: Both replicas must write again within this long after the promotion.
RECOVERY_BOUND = 5.0
OUTAGE_REASONS = {"DATABASE_UNAVAILABLE", "DATABASE_BUSY", "COMMIT_OUTCOME_UNKNOWN"}
#: Failures that are answers, not outages: the twin redemption of a redeemed link, and a retry
#: that meets its own first attempt still running.
EXPECTED = {("FAILED_PRECONDITION", "LINK_ALREADY_USED"), ("ABORTED", "IDEMPOTENCY_KEY_IN_USE")}


@dataclass
class Outcome:
    name: str
    numbers: Dict[str, str] = field(default_factory=dict)
    violations: List[str] = field(default_factory=list)
    record: Optional[Record] = None


def first(times: List[float]) -> Optional[float]:
    return min(times) if times else None


def secs(t: Optional[float]) -> str:
    return "never" if t is None else f"{t:.2f} s"


def percentile(values: List[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run_case(name: str, driver: Driver, survivor: Node, kill: Callable[[], None]) -> Outcome:
    out = Outcome(name)
    driver.record, driver.probes = Record(), []
    driver.start(WORKERS)
    time.sleep(WARM_UP)
    t_kill = time.monotonic()
    kill()
    wait_until("promotion", survivor.is_primary, 60, interval=0.05)
    t_promoted = time.monotonic()
    time.sleep(AFTER_PROMOTION)
    driver.stop()
    rec = out.record = driver.record
    v = out.violations
    n = out.numbers
    n["kill → promotion"] = secs(t_promoted - t_kill)

    for r in driver.replicas:
        probes = [p for p in driver.probes if p.replica == r.name and p.t >= t_kill]
        down_h = first([p.t for p in probes if not p.serving])
        down_r = first([p.t for p in probes if not p.ready])
        n[f"{r.name}: kill → health NOT_SERVING"] = secs(down_h and down_h - t_kill)
        n[f"{r.name}: kill → /readyz 503"] = secs(down_r and down_r - t_kill)
        if down_h is None or down_h > t_promoted + RECOVERY_BOUND:
            v.append(f"{r.name}: gRPC health never reported NOT_SERVING during the outage")
        if down_r is None or down_r > t_promoted + RECOVERY_BOUND:
            v.append(f"{r.name}: /readyz never answered 503 during the outage")
        back = first([p.t for p in probes if p.serving and p.ready and down_h and p.t > down_h])
        n[f"{r.name}: promotion → health and /readyz serving"] = secs(back and back - t_promoted)
        if back is None:
            v.append(f"{r.name}: health and /readyz did not report serving again")
        writes = [c.end for c in rec.calls if c.replica == r.name and c.code == "OK"
                  and c.rpc != "RedeemOneTimeLink" and c.start >= t_promoted]
        again = first(writes)
        n[f"{r.name}: promotion → first write acknowledged"] = secs(again and again - t_promoted)
        if again is None or again - t_promoted > RECOVERY_BOUND:
            v.append(f"{r.name}: no write acknowledged within {RECOVERY_BOUND:.0f} s of the "
                     f"promotion (first: {secs(again and again - t_promoted)})")

    failed = [c for c in rec.calls if c.code != "OK"
              and (c.code, c.reason) not in EXPECTED]
    by_reason: Dict[str, int] = {}
    for c in failed:
        key = f"{c.code} {c.reason or '(no reason)'}"
        by_reason[key] = by_reason.get(key, 0) + 1
        if c.code != "UNAVAILABLE" or c.reason not in OUTAGE_REASONS:
            v.append(f"{c.rpc} on {c.replica} failed {c.code} {c.reason!r}: {c.message}")
        elif not c.retry_info:
            v.append(f"{c.rpc} on {c.replica}: {c.reason} without RetryInfo")
    for code, reason in sorted(EXPECTED):
        count = sum(1 for c in rec.calls if (c.code, c.reason) == (code, reason))
        n[f"answered {code} {reason} (expected)"] = str(count)
    ok = sum(1 for c in rec.calls if c.code == "OK")
    n["calls acknowledged"] = str(ok)
    n["calls failed (outage)"] = str(len(failed))
    for key, count in sorted(by_reason.items()):
        with_retry = sum(1 for c in failed if f"{c.code} {c.reason or '(no reason)'}" == key
                         and c.retry_info)
        n[f"  {key}"] = f"{count} ({with_retry} with RetryInfo)"
    durations = [c.end - c.start for c in failed]
    if durations:
        n["failed call duration p50 / p99 / max"] = (
            f"{statistics.median(durations):.2f} / {percentile(durations, 99):.2f} / "
            f"{max(durations):.2f} s")
    n["operations given up (40 attempts)"] = str(len(rec.gave_up))
    if rec.gave_up:
        v.append(f"operations abandoned after repeated UNAVAILABLE: {len(rec.gave_up)}")
    return out


def verify(outcome: Outcome, primary: Node, earlier: int) -> int:
    """Everything acknowledged is in the surviving primary, once (every create carried an
    idempotency key: `earlier` inquiries were acknowledged before this case); no link opened
    two sessions. Returns how many inquiries have been acknowledged in all."""
    rec = outcome.record
    assert rec is not None
    v, n = outcome.violations, outcome.numbers
    db = "verilink"

    def present(table: str, ids: List[str]) -> int:
        if not ids:
            return 0
        values = ",".join(f"('{i}')" for i in ids if re.fullmatch(r"[a-z]+_[A-Za-z0-9]+", i))
        sql = (f"SELECT count(*) FROM (VALUES {values}) AS acked(id) "
               f"JOIN {table} t ON t.id = acked.id")
        return int(primary.psql(sql, db).strip())

    inquiries = sorted(set(rec.inquiries))
    links = sorted(rec.links)
    sessions = sorted({s for _, s in rec.redeemed})
    for what, table, ids in (("inquiries", "inquiries", inquiries),
                             ("links", "one_time_links", links),
                             ("sessions", "inquiry_sessions", sessions)):
        found = present(table, ids)
        n[f"acknowledged {what} in the database"] = f"{found} of {len(ids)}"
        if found != len(ids):
            v.append(f"{len(ids) - found} acknowledged {what} missing from the database")
    total = int(primary.psql("SELECT count(*) FROM inquiries", db).strip())
    n["inquiries in the database / acknowledged in all"] = f"{total} / {earlier + len(inquiries)}"
    if total != earlier + len(inquiries):
        v.append(f"{total} inquiries in the database, {earlier + len(inquiries)} acknowledged")
    per_link: Dict[str, int] = {}
    for link, _ in rec.redeemed:
        per_link[link] = per_link.get(link, 0) + 1
    twice_acked = sum(1 for count in per_link.values() if count > 1)
    twice_db = int(primary.psql(
        "SELECT count(*) FROM (SELECT one_time_link_id FROM inquiry_sessions "
        "WHERE one_time_link_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) AS twice", db)
        .strip())
    n["links redeemed twice (acknowledged / in the database)"] = f"{twice_acked} / {twice_db}"
    if twice_acked or twice_db:
        v.append(f"links redeemed twice: {twice_acked} acknowledged, {twice_db} in the database")
    return earlier + len(inquiries)


def bootstrap(binary: str, env: Dict[str, str]) -> tuple[str, str]:
    subprocess.run([binary, "migrate"], env=env, check=True, capture_output=True, timeout=60)
    out = subprocess.run([binary, "bootstrap", "--org", "failover"], env=env, check=True,
                         capture_output=True, text=True, timeout=60).stdout
    key = re.search(r"vlk_sandbox_[A-Za-z0-9]+", out)
    template = re.search(r"sandbox template KYC: (itmpl_[A-Za-z0-9]+)", out)
    if not key or not template:
        raise RuntimeError(f"bootstrap printed no sandbox key or template:\n{out}")
    return key.group(0), template.group(1)


def print_table(outcomes: List[Outcome]) -> None:
    for o in outcomes:
        print(f"\n{o.name}")
        width = max(len(k) for k in o.numbers)
        for k, val in o.numbers.items():
            print(f"  {k.ljust(width)}  {val}")


def main() -> int:
    binary, workdir = sys.argv[1], Path(sys.argv[2])
    procs = Processes(workdir)
    started = time.monotonic()
    try:
        etcd = start_etcd(procs, workdir)
        nodes = [Node(procs, workdir, f"node{i}", etcd) for i in (1, 2)]
        nodes[0].start()
        wait_until("node1 leads", nodes[0].is_primary, 90)
        nodes[1].start()
        wait_until("node2 is the synchronous standby", nodes[1].is_sync_standby, 120)
        print(f"failover: Patroni cluster up ({time.monotonic() - started:.0f} s)", flush=True)
        nodes[0].psql("CREATE DATABASE verilink")
        hosts = ",".join(f"127.0.0.1:{node.pg_port}" for node in nodes)
        env = dict(os.environ,
                   VERILINK_DATABASE_URL=f"postgres://postgres:postgres@{hosts}/verilink"
                                         "?target_session_attrs=read-write",
                   VERILINK_RATE_LIMIT_PER_MINUTE="1000000",
                   VERILINK_REDEEM_FAILURES_PER_MINUTE="1000000")
        key, template = bootstrap(binary, env)
        replicas = [Replica(procs, workdir, name, binary, env)
                    for name in ("replica-a", "replica-b")]
        driver = Driver(replicas, key, template)
        try:
            first_primary, standby = nodes
            case1 = run_case("case 1: the primary's postmaster killed (SIGKILL)", driver,
                             standby, first_primary.kill_postmaster)
            acked = verify(case1, standby, 0)
            print_table([case1])
            wait_until("the old primary is the synchronous standby again",
                       first_primary.is_sync_standby, 90)
            case2 = run_case("case 2: the new primary's whole node killed (Patroni and "
                             "PostgreSQL, SIGKILL)", driver, first_primary, standby.kill_node)
            verify(case2, first_primary, acked)
            print_table([case2])
        finally:
            driver.close()
        outcomes = [case1, case2]
        print(f"\nfailover: {time.monotonic() - started:.0f} s in all")
        broken = [f"{o.name}: {v}" for o in outcomes for v in o.violations]
        for line in broken[:40]:
            print(f"failover: VIOLATED: {line}", file=sys.stderr)
        if broken:
            print(f"failover: {len(broken)} broken guarantees; logs in {workdir}",
                  file=sys.stderr)
            return 1
        print("failover: every guarantee held")
        return 0
    finally:
        procs.stop_all()


if __name__ == "__main__":
    sys.exit(main())
