-- wrk prints the 50/75/90/99th percentiles; the benchmark also wants the 95th.
-- After the run, print everything bench/run.py reads as one JSON line.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d, ' ..
    '"status": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect, e.read, e.write, e.timeout, e.status))
end
