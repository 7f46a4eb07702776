-- booking.lua - wrk script: every request books one seat as the next load-test user.
-- Arguments (after --): TOKENS_FILE FIRST_EVENT_ID EVENT_COUNT THREADS
-- Request i books event FIRST + (i % EVENT_COUNT) as user i, so no user books twice.
local threads = {}

function setup(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
end

function init(args)
    tokens = {}
    for line in io.lines(args[1]) do
        tokens[#tokens + 1] = line
    end
    first_event = tonumber(args[2])
    event_count = tonumber(args[3])
    step = tonumber(args[4])
    next_user = id
    created, refused, other = 0, 0, 0
end

function request()
    local i = next_user % #tokens
    next_user = next_user + step
    local path = "/api/v1/events/" .. (first_event + (i % event_count)) .. "/bookings"
    return wrk.format("POST", path, {
        ["Authorization"] = "Bearer " .. tokens[i + 1],
        ["Content-Type"] = "application/json",
    }, "")
end

function response(status, headers, body)
    if status == 201 then
        created = created + 1
    elseif status == 409 then
        refused = refused + 1
    else
        other = other + 1
    end
end

function done(summary, latency, requests)
    local c, r, o = 0, 0, 0
    for _, t in ipairs(threads) do
        c = c + t:get("created")
        r = r + t:get("refused")
        o = o + t:get("other")
    end
    io.write(string.format("statuses: %d created, %d refused (409), %d other\n", c, r, o))
end
