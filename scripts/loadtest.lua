-- wrk script for `make load` (scripts/loadtest): a festival day's mix of pages. Most requests
-- are the citizens' public page; the office works on as usual (signed in by a session cookie)
-- and a program reads the API with a bearer token. Everything it needs comes from the
-- environment that scripts/loadtest sets: LOAD_SESSION, LOAD_TOKEN, LOAD_OFFICE, LOAD_PARTNER,
-- LOAD_PUBLIC_BIG and LOAD_SUMMARY (where done() writes the totals for the report).

local session = "sessionid=" .. os.getenv("LOAD_SESSION")
local token = "Bearer " .. os.getenv("LOAD_TOKEN")
local partner = os.getenv("LOAD_PARTNER")
local public_big = os.getenv("LOAD_PUBLIC_BIG")

-- weight (per 100 requests), path, who asks
local MIX = {
  { 35, "/tr/city/ankara/", "citizen" },
  { 15, "/en/city/ankara/", "citizen" },
  { 10, "/tr/city/" .. public_big .. "/", "citizen" },
  { 5, "/", "office" },
  { 6, "/partners/", "office" },
  { 6, "/partners/" .. partner .. "/", "office" },
  { 6, "/activities/", "office" },
  { 4, "/insights/trends/", "office" },
  { 4, "/insights/health/", "office" },
  { 5, "/api/v1/partners/?limit=50", "program" },
  { 4, "/api/v1/activities/?limit=50", "program" },
}

local HEADERS = {
  citizen = { ["Accept-Language"] = "tr-TR,tr;q=0.9,en;q=0.5" },
  office = { ["Cookie"] = session, ["Accept-Language"] = "tr" },
  program = { ["Authorization"] = token, ["Accept"] = "application/json" },
}

local requests = {}

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(id * 7919)
  for _, entry in ipairs(MIX) do
    local weight, path, who = entry[1], entry[2], entry[3]
    local request = wrk.format("GET", path, HEADERS[who])
    for _ = 1, weight do
      table.insert(requests, request)
    end
  end
end

function request()
  return requests[math.random(#requests)]
end

function done(summary, latency, _)
  local file = assert(io.open(os.getenv("LOAD_SUMMARY"), "w"))
  local errors = summary.errors
  local lines = {
    "requests=" .. summary.requests,
    "duration_us=" .. summary.duration,
    "bytes=" .. summary.bytes,
    "errors_connect=" .. errors.connect,
    "errors_read=" .. errors.read,
    "errors_write=" .. errors.write,
    "errors_timeout=" .. errors.timeout,
    "errors_status=" .. errors.status,
    "latency_mean_us=" .. latency.mean,
    "latency_max_us=" .. latency.max,
  }
  for _, p in ipairs({ 50, 95, 99 }) do
    table.insert(lines, "latency_p" .. p .. "_us=" .. latency:percentile(p))
  end
  file:write(table.concat(lines, "\n") .. "\n")
  file:close()
end
