#include "support/LoginHelpers.h"

#include "errors/Errors.h"
#include "support/TestBrowser.h"

namespace deskauth::test {

void AliceBrowser::open(const std::string& url) {
    threads_.emplace_back([url] { TestBrowser().signIn(url, "alice", "Alice-Pass-1"); });
}

std::string codeOf(std::exception_ptr error) {
    try {
        if (error) std::rethrow_exception(error);
    } catch (const Error& e) {
        return e.code();
    }
    return "(none)";
}

}  // namespace deskauth::test
