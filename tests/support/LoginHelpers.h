#pragma once
// Small pieces the login tests share: a browser launcher that only records what it was asked to
// open, one that signs in as alice, and the error code carried by a login result.
#include "platform/BrowserLauncher.h"

#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace deskauth::test {

class RecordingBrowser final : public BrowserLauncher {
public:
    void open(const std::string& url) override {
        std::lock_guard lock(mutex_);
        urls_.push_back(url);
    }
    std::string url(std::size_t i) {
        std::lock_guard lock(mutex_);
        return urls_.at(i);
    }
    std::string last() {
        std::lock_guard lock(mutex_);
        return urls_.back();
    }
    std::size_t count() {
        std::lock_guard lock(mutex_);
        return urls_.size();
    }

private:
    std::mutex mutex_;
    std::vector<std::string> urls_;
};

// Signs in as alice through TestBrowser, on its own thread, as the OS would start a browser.
class AliceBrowser final : public BrowserLauncher {
public:
    ~AliceBrowser() override { join(); }
    void open(const std::string& url) override;
    void join() {
        for (auto& t : threads_) t.join();
        threads_.clear();
    }

private:
    std::vector<std::thread> threads_;
};

// The Error::code() of a login result; "(none)" for success.
std::string codeOf(std::exception_ptr error);

}  // namespace deskauth::test
