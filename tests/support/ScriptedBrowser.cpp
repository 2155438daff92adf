#include "support/ScriptedBrowser.h"

#include <future>
#include <memory>

namespace deskauth::test {

void ScriptedBrowser::open(const std::string& url) {
    urls.push_back(url);
    if (!drive) return;
    threads_.emplace_back([this, url] {
        auto result = signInWith ? signInWith(url) : TestBrowser().signIn(url, user, password, decision);
        std::lock_guard lock(mutex_);
        results.push_back(result);
    });
}

void ScriptedBrowser::join() {
    for (auto& t : threads_) t.join();
    threads_.clear();
}

std::optional<std::exception_ptr> runLogin(Authenticator& auth, ScriptedBrowser& browser, std::chrono::seconds timeout) {
    // shared: a login that ends after the timeout still has a promise to fulfil
    auto done = std::make_shared<std::promise<std::exception_ptr>>();
    auth.startLogin([done](std::exception_ptr error) { done->set_value(error); });
    auto future = done->get_future();
    if (future.wait_for(timeout) != std::future_status::ready) return std::nullopt;
    browser.join();
    return future.get();
}

}  // namespace deskauth::test
