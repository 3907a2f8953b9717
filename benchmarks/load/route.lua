-- wrk script: POSTs realistic route requests to /v1/route.
-- Request bodies (one JSON object per line) come from the file named by TIERWISE_LOAD_BODIES
-- (route-load.sh writes it from public benchmark prompts); without it, the built-in mix below is used.
-- done() prints one machine-readable TIERWISE_RESULT line that route-load.sh parses.

local builtin = {
  [=[{"prompt": "What is the capital of Australia?"}]=],
  [=[{"prompt": "Translate to French: The meeting has been moved to Thursday afternoon."}]=],
  [=[{"prompt": "Write a Python function that returns the n-th Fibonacci number using memoization, and explain its time complexity."}]=],
  [=[{"prompt": "A train leaves at 14:05 and arrives at 17:50. The distance is 310 km. What was its average speed in km/h? Show your steps."}]=],
  [=[{"prompt": "Summarise the following paragraph in one sentence: Solar panels convert sunlight into electricity using photovoltaic cells. Their efficiency depends on temperature, the angle of incidence and the quality of the silicon, and modern panels typically convert 18 to 22 percent of incoming light."}]=],
  [=[{"prompt": "Prove that there are infinitely many prime numbers of the form 4k+3."}]=],
  [=[{"prompt": "hi"}]=],
  [=[{"prompt": "Design a rate limiter for a multi-tenant HTTP API that allows bursts but enforces a per-minute average. Discuss token bucket versus sliding window, the data structures, and how to make it work across several server instances."}]=],
  [=[{"prompt": "Which of the following is a noble gas? A) Nitrogen B) Argon C) Oxygen D) Hydrogen"}]=],
  [=[{"prompt": "Explain the difference between a process and a thread to a ten-year-old."}]=],
  [=[{"prompt": "Refactor this SQL to avoid the correlated subquery: SELECT name FROM employees e WHERE salary > (SELECT AVG(salary) FROM employees WHERE dept_id = e.dept_id);"}]=],
  [=[{"prompt": "Write a haiku about autumn rain.", "tenant": "default", "workflow": "creative"}]=],
  [=[{"messages": [{"role": "system", "content": "You are a helpful assistant."}, {"role": "user", "content": "What does HTTP status 429 mean?"}]}]=],
  [=[{"messages": [{"role": "user", "content": "I need to sort a list of 10 million integers in Java."}, {"role": "assistant", "content": "Arrays.sort on an int[] uses a dual-pivot quicksort and is usually the fastest choice."}, {"role": "user", "content": "And if they are already almost sorted, or if I need it to be stable for objects?"}]}]=],
  [=[{"prompt": "Given the matrix [[2, 1], [1, 3]], compute its eigenvalues and eigenvectors."}]=],
  [=[{"prompt": "List three causes of the French Revolution.", "target": {"quality": 0.95}}]=],
}

-- Paced mode (route-load.sh LOAD_RATE): each connection waits this long after an answer before its
-- next request, which holds the offered load near a fixed rate instead of saturating the server.
local pace_ms = tonumber(os.getenv("TIERWISE_LOAD_DELAY_MS") or "0") or 0
-- wrk sends every connection's first request the moment it connects, so a paced level would open with
-- one burst of `connections` requests at once (256 prompts queued behind two embedders: a 300 ms stall
-- that is wrk's, not the server's). With TIERWISE_LOAD_PROBES_PER_THREAD = connections / threads, those
-- first requests are GET /health probes, the first think time of each connection is drawn uniformly
-- from [0, pace] so that connections start spread out, and done() leaves the probes out.
local probes_per_thread = tonumber(os.getenv("TIERWISE_LOAD_PROBES_PER_THREAD") or "0") or 0
probes_sent = 0
local staggered = 0
if pace_ms > 0 then
  function delay()
    if staggered < probes_per_thread then
      staggered = staggered + 1
      return math.random(0, pace_ms)
    end
    return pace_ms
  end
end

local bodies = {}
local index = 0
local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  local path = os.getenv("TIERWISE_LOAD_BODIES")
  if path ~= nil and path ~= "" then
    for line in io.lines(path) do
      if #line > 0 then
        bodies[#bodies + 1] = line
      end
    end
  end
  if #bodies == 0 then
    bodies = builtin
  end
  -- Threads start at different places so they do not send the same prompt at the same moment.
  index = ((thread_number or 0) * 7919) % #bodies
  math.randomseed(7919 + (thread_number or 0))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if probes_sent < probes_per_thread then
    probes_sent = probes_sent + 1
    return wrk.format("GET", "/health", nil, nil)
  end
  index = index % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[index])
end

function done(summary, latency, requests)
  local probes = 0
  for _, thread in ipairs(threads) do
    probes = probes + (tonumber(thread:get("probes_sent")) or 0)
  end
  local routed = summary.requests - probes
  -- The probes answer in microseconds, below every routed request, so the routed requests' quantile q
  -- is the overall quantile (q * routed + probes) / all.
  local function percentile(q)
    if routed <= 0 then
      return 0
    end
    return math.floor(latency:percentile(math.min(100, (q * routed + 100 * probes) / summary.requests)))
  end
  local e = summary.errors
  io.write(string.format(
    "TIERWISE_RESULT requests=%d probes=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d"
      .. " connect=%d read=%d write=%d status=%d timeout=%d\n",
    routed, probes, summary.duration,
    percentile(50), percentile(90), percentile(99), percentile(99.9), math.floor(latency.max),
    e.connect, e.read, e.write, e.status, e.timeout))
end
