// The store chosen on its own thread: construction never waits, every call does.
#include "storage/DeferredTokenStore.h"
#include "storage/MemoryTokenStore.h"

#include <gtest/gtest.h>

#include <chrono>
#include <atomic>
#include <future>
#include <thread>

using namespace deskauth;
using namespace std::chrono_literals;

namespace {

// A chooser that waits until the test lets it finish, like a keyring waiting for its prompt.
struct HeldChooser {
    std::shared_ptr<std::promise<void>> release = std::make_shared<std::promise<void>>();
    std::shared_future<void> released = release->get_future().share();
    std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);

    DeferredTokenStore::Chooser chooser(std::optional<StorageError> notice = std::nullopt) {
        return [released = released, calls = calls, notice] {
            ++*calls;
            released.wait();
            return TokenStoreChoice{std::make_unique<MemoryTokenStore>(), notice};
        };
    }
};

TokenSet tokens(const std::string& refresh) {
    TokenSet t;
    t.accessToken = "access";
    t.refreshToken = refresh;
    return t;
}

}  // namespace

TEST(DeferredTokenStore, ConstructionDoesNotWaitForTheChoiceAndCallsDo) {
    HeldChooser held;
    DeferredTokenStore store(held.chooser());
    EXPECT_FALSE(store.ready());

    auto saved = std::async(std::launch::async, [&] { store.save(tokens("r1")); });
    EXPECT_EQ(saved.wait_for(100ms), std::future_status::timeout) << "save must wait for the choice";
    held.release->set_value();
    saved.get();

    EXPECT_TRUE(store.ready());
    ASSERT_TRUE(store.load());
    EXPECT_EQ(store.load()->refreshToken, "r1");
    EXPECT_EQ(store.name(), "memory");
    EXPECT_FALSE(store.persistent());
    store.clear();
    EXPECT_FALSE(store.load());
    EXPECT_EQ(*held.calls, 1) << "the backend is chosen once";
}

TEST(DeferredTokenStore, PassesTheFallbackNoticeOn) {
    HeldChooser held;
    held.release->set_value();
    DeferredTokenStore store(held.chooser(StorageError("Tokens are kept in memory only.", "no D-Bus")));
    auto notice = store.fallbackNotice();
    ASSERT_TRUE(notice);
    EXPECT_EQ(notice->details(), "no D-Bus");
}

TEST(DeferredTokenStore, AChooserErrorIsRethrownByEveryCall) {
    DeferredTokenStore store([]() -> TokenStoreChoice { throw StorageError("cannot choose", "boom"); });
    EXPECT_THROW(store.load(), StorageError);
    EXPECT_THROW(store.save(tokens("r")), StorageError);
    EXPECT_TRUE(store.ready());
}

TEST(DeferredTokenStore, DestroyingItWhileTheChoiceIsOpenDoesNotWait) {
    HeldChooser held;
    // The chooser is only released after the store is gone: a destructor that waited for it
    // would never return and the test would hang (and time out).
    { DeferredTokenStore store(held.chooser()); }
    held.release->set_value();  // the chooser thread finishes on its own; its result is dropped
    for (int i = 0; i < 100 && *held.calls == 0; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(*held.calls, 1);
}
