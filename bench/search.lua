-- search.lua - wrk script: a rotating mix of catalog searches (filters, text, sorts).
local queries = {
    "/api/v1/events?city=Lviv&limit=20",
    "/api/v1/events?q=load%20event%2012&limit=20",
    "/api/v1/events?free=true&format=offline&limit=20",
    "/api/v1/events?city=Kyiv&sort=popularity&limit=20",
    "/api/v1/events?q=event&city=Odesa&limit=20",
    "/api/v1/events?kind=event&sort=price&limit=20",
    "/api/v1/events?limit=50",
    "/api/v1/events?city=Warsaw&q=load&limit=20",
}
local n = 0

function request()
    n = n + 1
    return wrk.format("GET", queries[(n % #queries) + 1])
end
