#pragma once
// Counters that prove where the time of a request went: how often a token was checked with
// crypto or over the network, and how often the claims cache answered instead. Shown by the
// optional GET /test/stats (only with --test-endpoints) and used by tests and the benchmark.
// Lock-free; safe from any thread.
#include <atomic>

namespace deskauth::api {

struct ApiStats {
    std::atomic<long> signatureChecks{0};  // JWTs whose signature was verified
    std::atomic<long> introspections{0};   // RFC 7662 calls made
    std::atomic<long> cacheHits{0};        // requests authenticated from the claims cache
    std::atomic<long> cacheMisses{0};      // requests whose token had to be validated
};

}  // namespace deskauth::api
