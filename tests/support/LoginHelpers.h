#pragma once
// Small pieces the login tests share: a browser launcher that only records what it was asked to
// open, and the error code carried by a login result (support/ScriptedBrowser signs in).
#include "platform/BrowserLauncher.h"

#include <exception>
#include <mutex>
#include <string>
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
    std::string last() {  // "" before the first
        std::lock_guard lock(mutex_);
        return urls_.empty() ? std::string() : urls_.back();
    }
    std::vector<std::string> urls() {
        std::lock_guard lock(mutex_);
        return urls_;
    }
    std::size_t count() {
        std::lock_guard lock(mutex_);
        return urls_.size();
    }

private:
    std::mutex mutex_;
    std::vector<std::string> urls_;
};

// The Error::code() of a login result; "(none)" for success.
std::string codeOf(std::exception_ptr error);

}  // namespace deskauth::test
