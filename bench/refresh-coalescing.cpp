// Refresh coalescing through the real deskauth_core: signs alice in against the development
// authorization server (TestBrowser plays the browser), then, ROUNDS times, fires CALLS concurrent
// GET /api/companies through ApiClient with a valid access token (the reference) and again with an
// expired one (Expire Access Token, as the tester menu does). Every call of an expired burst gets a
// 401, and single flight must turn all of them into exactly one refresh_token grant at the server
// (its /test/stats counter, --test-endpoints). Prints one JSON line; exits 1 when a round saw
// another number of refreshes or a call failed. Loopback only, bounded by CALLS x ROUNDS.
//
//   refresh-coalescing ISSUER API_BASE_URL [CALLS=50] [ROUNDS=5]     (bench/run starts the servers)
#include "config/Configuration.h"
#include "http/ApiClient.h"
#include "http/HttpClient.h"
#include "http/PocoHttpTransport.h"
#include "session/Authenticator.h"
#include "storage/MemoryTokenStore.h"
#include "support/AuthServerProcess.h"
#include "support/LoginHelpers.h"
#include "support/ScriptedBrowser.h"
#include "support/TestPaths.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <latch>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace deskauth;
using namespace deskauth::test;

namespace {

struct Burst {
    double ms = 0;
    int failures = 0;
};

// `calls` threads released together, each one GET /api/companies; the time until all are done.
Burst burst(ApiClient& api, int calls) {
    std::latch start(calls + 1);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < calls; ++i) {
        threads.emplace_back([&] {
            start.arrive_and_wait();
            try {
                if (api.companies().empty()) ++failures;
            } catch (const std::exception& e) {
                std::cerr << "refresh-coalescing: a call failed: " << e.what() << "\n";
                ++failures;
            }
        });
    }
    const auto begin = std::chrono::steady_clock::now();
    start.arrive_and_wait();
    for (auto& t : threads) t.join();
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - begin;
    return {took.count(), failures.load()};
}

template <typename T>
std::string jsonArray(const std::vector<T>& values) {
    std::ostringstream out;
    out << "[";
    for (std::size_t i = 0; i < values.size(); ++i) out << (i ? "," : "") << values[i];
    out << "]";
    return out.str();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: refresh-coalescing ISSUER API_BASE_URL [CALLS=50] [ROUNDS=5]\n";
        return 2;
    }
    const std::string issuer = argv[1], apiBase = argv[2];
    const int calls = std::clamp(argc > 3 ? std::stoi(argv[3]) : 50, 1, 200);
    const int rounds = std::clamp(argc > 4 ? std::stoi(argv[4]) : 5, 1, 20);
    try {
        const Configuration config =
            Configuration::parse(desktopConfigJson(issuer, apiBase, 18241, 18243), "bench.json", sourceDir());
        PocoHttpTransport transport{TransportSettings{config.tls.extraCaFile}};
        MemoryTokenStore store;
        ScriptedBrowser browser;
        Authenticator auth(config, transport, store, browser);
        auto login = runLogin(auth, browser);
        if (!login || *login) {
            std::cerr << "refresh-coalescing: the login failed: " << (login ? codeOf(*login) : "timed out") << "\n";
            return 1;
        }
        HttpClient http(transport, auth);
        ApiClient api(http, config.api.baseUrl);
        burst(api, 2);  // warm-up: discovery, TLS, the API's claims cache

        std::vector<int> refreshes;
        std::vector<double> validMs, expiredMs;
        int failures = 0;
        for (int round = 0; round < rounds; ++round) {
            const Burst valid = burst(api, calls);
            auth.expireAccessToken();
            const int before = authServerStat(issuer, "refresh_token");
            const Burst expired = burst(api, calls);
            refreshes.push_back(authServerStat(issuer, "refresh_token") - before);
            validMs.push_back(valid.ms);
            expiredMs.push_back(expired.ms);
            failures += valid.failures + expired.failures;
        }
        std::cout << "{\"calls\":" << calls << ",\"rounds\":" << rounds << ",\"refreshes\":" << jsonArray(refreshes)
                  << ",\"validMs\":" << jsonArray(validMs) << ",\"expiredMs\":" << jsonArray(expiredMs)
                  << ",\"failures\":" << failures << "}" << std::endl;
        for (int count : refreshes) {
            if (count != 1) return 1;
        }
        return failures == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "refresh-coalescing: " << e.what() << "\n";
        return 1;
    }
}
