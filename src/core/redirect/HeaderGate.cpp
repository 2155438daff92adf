#include "redirect/HeaderGate.h"

#include "log/Log.h"
#include "redirect/LoopbackReply.h"

#include <Poco/Exception.h>
#include <Poco/Net/PollSet.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace deskauth {
namespace {

using Clock = std::chrono::steady_clock;
using Micros = std::chrono::microseconds;
constexpr Micros pollInterval{100 * 1000};  // how soon run() notices stop()

// RFC 9112 §2.2 lets a recipient accept a bare LF as the line terminator, as POCO's parser does.
bool headComplete(const std::string& head) {
    return head.find("\r\n\r\n") != std::string::npos || head.find("\n\n") != std::string::npos;
}

// The connections still sending their head, each with its deadline, and the poll set over them
// and the listening socket. Lives on the gate thread only.
class Pending {
public:
    Pending(Poco::Net::ServerSocket& listening, const HeaderGate::Limits& limits)
        : listening_(listening), limits_(limits), deadline_(limits.headDeadline.totalMicroseconds()) {
        listening_.setBlocking(false);
        polls_.add(listening_, Poco::Net::PollSet::POLL_READ);
    }
    ~Pending() {
        for (auto& [socket, connection] : connections_) connection.socket.close();
    }

    // Waits for the next event or deadline and handles it.
    void step(const HeaderGate::Ready& ready) {
        for (const auto& [socket, mode] : polls_.poll(Poco::Timespan(nextWait().count()))) {
            if (socket == listening_) {
                acceptAll();
            } else {
                read(socket, ready);
            }
        }
        expire();
    }

private:
    struct Connection {
        Poco::Net::StreamSocket socket;
        std::string head;
        Clock::time_point deadline;
    };
    using Map = std::map<Poco::Net::Socket, Connection>;

    Micros nextWait() const {
        Micros wait = pollInterval;
        const auto now = Clock::now();
        for (const auto& [socket, connection] : connections_) {
            wait = std::min(wait, std::max(Micros(0), std::chrono::duration_cast<Micros>(connection.deadline - now)));
        }
        return wait;
    }

    void acceptAll() {
        for (;;) {  // non-blocking: every connection waiting in the backlog, then EWOULDBLOCK
            Poco::Net::StreamSocket socket;
            try {
                socket = listening_.acceptConnection();
            } catch (const Poco::Exception&) {
                return;
            }
            socket.setBlocking(false);
            polls_.add(socket, Poco::Net::PollSet::POLL_READ);
            connections_.emplace(socket, Connection{socket, {}, Clock::now() + deadline_});
            if (connections_.size() > limits_.maxPending) {
                log::get("loopback").warning("more than %z connections without a request: closed the oldest",
                                             limits_.maxPending);
                drop(oldest(), nullptr);
            }
        }
    }

    void read(const Poco::Net::Socket& socket, const HeaderGate::Ready& ready) {
        auto it = connections_.find(socket);
        if (it == connections_.end()) return;
        char buffer[4096];
        int n = 0;
        try {
            n = it->second.socket.receiveBytes(buffer, sizeof buffer);
        } catch (const Poco::Exception&) {
            n = 0;  // reset by the peer
        }
        if (n < 0) return;  // nothing to read after all
        if (n == 0) return drop(it, nullptr);
        it->second.head.append(buffer, static_cast<std::size_t>(n));
        if (headComplete(it->second.head)) {
            Connection done = std::move(it->second);
            polls_.remove(done.socket);
            connections_.erase(it);
            try {
                done.socket.setBlocking(true);
                ready(done.socket, done.head);
            } catch (const std::exception& e) {  // never out of the gate thread (std::terminate)
                log::get("loopback").error("a request could not be answered: %s", std::string(e.what()));
            }
        } else if (it->second.head.size() > limits_.maxHeadBytes) {
            const auto reply = LoopbackReply::plain(431, "Request header fields too large");
            drop(it, &reply);
        }
    }

    void expire() {
        const auto now = Clock::now();
        const auto reply = LoopbackReply::plain(408, "Request timeout");
        for (auto it = connections_.begin(); it != connections_.end();) {
            auto next = std::next(it);
            if (it->second.deadline <= now) {
                log::get("loopback").debug("closed a connection that sent no complete request in time");
                drop(it, &reply);
            }
            it = next;
        }
    }

    Map::iterator oldest() {
        return std::min_element(connections_.begin(), connections_.end(),
                                [](const auto& a, const auto& b) { return a.second.deadline < b.second.deadline; });
    }

    void drop(Map::iterator it, const LoopbackReply* reply) {
        polls_.remove(it->second.socket);
        if (reply) {
            reply->send(it->second.socket);
        } else {
            it->second.socket.close();
        }
        connections_.erase(it);
    }

    Poco::Net::ServerSocket& listening_;
    const HeaderGate::Limits& limits_;
    const Micros deadline_;
    Poco::Net::PollSet polls_;
    Map connections_;
};

}  // namespace

HeaderGate::HeaderGate(Poco::Net::ServerSocket& socket, Limits limits, Ready ready)
    : socket_(socket), limits_(limits), ready_(std::move(ready)) {}

void HeaderGate::run() {
    Pending pending(socket_, limits_);
    while (!stopping_) pending.step(ready_);
}

}  // namespace deskauth
