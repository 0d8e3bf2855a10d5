-- load.lua: the requests of one benchmark scenario for wrk (bench/run.py).
--   wrk -tT ... -s bench/load.lua URL -- SCENARIO TOKENS_FILE ANSWERS_FILE T
-- Each wrk thread takes its own share of the answering 団体 in turn, so saves
-- and submissions of different threads never touch the same response. At the
-- end one JSON line with the figures run.py reads is printed.

local scenario, orgs, ministry, answers_body

local function read_tokens(path)
  local list, boss = {}, nil
  for line in io.lines(path) do
    local code, api, session = line:match("^(%S+) (%S+) (%S+)$")
    local entry = {code = code, api = api, session = session}
    if code == "ministry" then boss = entry else list[#list + 1] = entry end
  end
  return list, boss
end

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  threads[#threads + 1] = thread
end

function init(args)
  scenario = args[1]
  orgs, ministry = read_tokens(args[2])
  local f = io.open(args[3], "r")
  answers_body = '{"answers": ' .. f:read("*a") .. '}'
  f:close()
  n_threads = tonumber(args[4])
  turn = 0      -- the next 団体 of this thread
  step = 0      -- submit: PUT a draft, then POST its submission
  statuses = {}
end

local function org_of_turn()
  -- Thread id takes orgs id, id + n_threads, ... and wraps within that set:
  -- no two threads ever touch the same 団体.
  local own = math.floor((#orgs - 1 - id) / n_threads) + 1
  return orgs[id + (turn % own) * n_threads + 1]
end

local function bearer(tok) return {["Authorization"] = "Bearer " .. tok} end
local function cookie(tok) return {["Cookie"] = "shokai_session=" .. tok} end

local R7 = "/api/v1/surveys/r7-ikenshokai"

local scenarios = {
  healthz = function() return wrk.format("GET", "/healthz") end,
  answer_page = function()
    local o = org_of_turn(); turn = turn + 1
    return wrk.format("GET", "/surveys/r7-ikenshokai/responses/" .. o.code, cookie(o.session))
  end,
  draft_save = function()
    local o = org_of_turn(); turn = turn + 1
    local h = bearer(o.api); h["Content-Type"] = "application/json"
    return wrk.format("PUT", R7 .. "/responses/" .. o.code, h, answers_body)
  end,
  submit = function()
    local o = org_of_turn()
    local h = bearer(o.api); h["Content-Type"] = "application/json"
    if step == 0 then
      step = 1
      return wrk.format("PUT", R7 .. "/responses/" .. o.code, h, answers_body)
    end
    step = 0; turn = turn + 1
    return wrk.format("POST", R7 .. "/responses/" .. o.code .. "/submit", h, "{}")
  end,
  kind6_page = function()
    return wrk.format("GET", "/surveys/r7-ikenshokai/results?group=kind6", cookie(ministry.session))
  end,
  kind6_api = function()
    return wrk.format("GET", R7 .. "/results?group=kind6", bearer(ministry.api))
  end,
  entries_csv = function()
    return wrk.format("GET", R7 .. "/entries.csv", bearer(ministry.api))
  end,
  national_csv = function()
    return wrk.format("GET", R7 .. "/results.csv?group=kind6&question=challenges", bearer(ministry.api))
  end,
  selfcheck_heatmap = function()
    return wrk.format("GET", "/surveys/selfcheck-guideline/selfcheck?group=kind6", cookie(ministry.session))
  end,
}

function request()
  return scenarios[scenario]()
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total, codes = {}, {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses") or {}) do total[code] = (total[code] or 0) + n end
  end
  for code, n in pairs(total) do codes[#codes + 1] = string.format('"%s": %d', code, n) end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d,'
    .. ' "max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d,'
    .. ' "timeout": %d}, "statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(codes, ", ")))
end
