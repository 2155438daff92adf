// The single-instance channel: bytes from another local process are framed into one line
// (InstanceMessage), which the running app then reads as a private-URI redirect.
#include "FuzzInput.h"
#include "errors/Errors.h"
#include "redirect/InstanceMessage.h"
#include "redirect/PrivateUriResponse.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    deskauth::fuzz::quietLog();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    constexpr std::size_t maxBytes = 512;  // small, so that the oversized branch is reached too
    const auto message = deskauth::InstanceMessage::frame(deskauth::fuzz::text(data, size), maxBytes);
    if (message.state != deskauth::InstanceMessage::State::complete) return 0;
    if (message.line.size() > maxBytes || message.line.find('\n') != std::string::npos) __builtin_trap();
    try {
        (void)deskauth::PrivateUriResponse::parse(message.line, "com.deskauth.desktop", "/callback");
    } catch (const deskauth::ProtocolError&) {
    }
    return 0;
}
