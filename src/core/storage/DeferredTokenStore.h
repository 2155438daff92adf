#pragma once
// A TokenStore whose backend is still being chosen. Choosing may wait for the user to answer the
// keyring's unlock prompt (TokenStoreFactory), which must not keep the app's window from
// appearing: the choice runs on its own thread from construction, and every call waits for it.
//
// Threads: all members may be called from any thread. The destructor does not wait for a choice
// still under way (the user may quit while the prompt is open); the chooser thread then finishes
// on its own and its result is dropped.
#include "storage/TokenStore.h"
#include "storage/TokenStoreFactory.h"

#include <functional>
#include <memory>

namespace deskauth {

class DeferredTokenStore final : public TokenStore {
public:
    using Chooser = std::function<TokenStoreChoice()>;

    // Starts `choose` on a new thread. If it throws, every call rethrows that error.
    explicit DeferredTokenStore(Chooser choose);
    ~DeferredTokenStore() override;

    // True once the backend is chosen (never blocks).
    bool ready() const;
    // Why tokens are kept in memory only, when the secret store could not be used (waits).
    std::optional<StorageError> fallbackNotice() const;

    std::optional<TokenSet> load() override;
    void save(const TokenSet& tokens) override;
    void clear() override;
    bool persistent() const override;
    std::string name() const override;

private:
    struct Shared;
    TokenStore& chosen() const;  // waits for the choice

    std::shared_ptr<Shared> shared_;
};

}  // namespace deskauth
