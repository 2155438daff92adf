#include "redirect/InstanceMessage.h"

namespace deskauth {

InstanceMessage InstanceMessage::frame(const std::string& received, std::size_t maxBytes) {
    InstanceMessage message;
    const std::size_t end = received.find('\n');
    if (end == std::string::npos) {
        message.state = received.size() > maxBytes ? State::oversized : State::incomplete;
    } else if (end > maxBytes) {
        message.state = State::oversized;
    } else {
        message.state = State::complete;
        message.line = received.substr(0, end);
    }
    return message;
}

}  // namespace deskauth
