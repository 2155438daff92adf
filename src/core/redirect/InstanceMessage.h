#pragma once
// The framing of the single-instance channel (SingleInstance): a message is one line of at most
// `maxBytes` bytes followed by "\n". Both channel implementations (Unix socket, Windows pipe) read
// into a buffer until frame() calls it complete or oversized. The bytes come from another
// process, so nothing else about them is assumed; the line itself is checked by its receiver.
// Threads: pure framing; runs on the single-instance threads.
#include <cstddef>
#include <string>

namespace deskauth {

struct InstanceMessage {
    enum class State { incomplete, complete, oversized };

    State state = State::incomplete;
    std::string line;  // without the "\n"; only when complete

    // What `received` (everything read so far) holds.
    static InstanceMessage frame(const std::string& received, std::size_t maxBytes);
};

}  // namespace deskauth
