#pragma once
// Tokens kept in this process only: the fallback when no secret store is reachable, and for tests.
// Threads: thread-safe (one mutex); never blocks.
#include "storage/TokenStore.h"

#include <mutex>

namespace deskauth {

class MemoryTokenStore final : public TokenStore {
public:
    std::optional<TokenSet> load() override;
    void save(const TokenSet& tokens) override;
    void clear() override;
    bool persistent() const override { return false; }
    std::string name() const override { return "memory"; }

private:
    std::mutex mutex_;
    std::optional<TokenSet> tokens_;
};

}  // namespace deskauth
