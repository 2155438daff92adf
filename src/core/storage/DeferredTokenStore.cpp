#include "storage/DeferredTokenStore.h"

#include <openssl/crypto.h>

#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace deskauth {

struct DeferredTokenStore::Shared {
    mutable std::mutex mutex;
    mutable std::condition_variable done;
    bool ready = false;
    TokenStoreChoice choice;
    std::exception_ptr error;
};

DeferredTokenStore::DeferredTokenStore(Chooser choose) : shared_(std::make_shared<Shared>()) {
    std::thread([shared = shared_, choose = std::move(choose)] {
        TokenStoreChoice choice;
        std::exception_ptr error;
        try {
            choice = choose();
        } catch (...) {
            error = std::current_exception();
        }
        // This thread is detached, and OpenSSL frees its per-thread state (e.g. the random
        // generator behind an error ID) only when a thread ends. Freed here, before the result is
        // handed over, nothing of it is left when the process exits right after taking the result.
        OPENSSL_thread_stop();
        {
            std::lock_guard lock(shared->mutex);
            shared->choice = std::move(choice);
            shared->error = error;
            shared->ready = true;
        }
        shared->done.notify_all();
    }).detach();
}

DeferredTokenStore::~DeferredTokenStore() = default;

bool DeferredTokenStore::ready() const {
    std::lock_guard lock(shared_->mutex);
    return shared_->ready;
}

TokenStore& DeferredTokenStore::chosen() const {
    std::unique_lock lock(shared_->mutex);
    shared_->done.wait(lock, [this] { return shared_->ready; });
    if (shared_->error) std::rethrow_exception(shared_->error);
    return *shared_->choice.store;
}

std::optional<StorageError> DeferredTokenStore::fallbackNotice() const {
    chosen();
    std::lock_guard lock(shared_->mutex);
    return shared_->choice.fallbackNotice;
}

std::optional<TokenSet> DeferredTokenStore::load() { return chosen().load(); }
void DeferredTokenStore::save(const TokenSet& tokens) { chosen().save(tokens); }
void DeferredTokenStore::clear() { chosen().clear(); }
bool DeferredTokenStore::persistent() const { return chosen().persistent(); }
std::string DeferredTokenStore::name() const { return chosen().name(); }

}  // namespace deskauth
