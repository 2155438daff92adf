// The loopback listener's view of one HTTP request (RFC 8252 §7.3): raw bytes as they arrive on
// 127.0.0.1 are read by POCO's request parser, then classified by CallbackRequest.
#include "FuzzInput.h"
#include "redirect/CallbackRequest.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/NetException.h>

#include <sstream>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    deskauth::fuzz::quietLog();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(deskauth::fuzz::text(data, size));
    Poco::Net::HTTPRequest request;
    try {
        request.read(in);
    } catch (const Poco::Exception&) {
        return 0;  // POCO's server answers 400 itself before our handler runs
    }
    const auto result = deskauth::CallbackRequest::classify(request, 8001, "/callback");
    if (result.verdict != deskauth::CallbackRequest::Verdict::callback && !result.query.empty()) __builtin_trap();
    return 0;
}
