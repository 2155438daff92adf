#include "http/ExchangeDeadline.h"

#if !defined(_WIN32)
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace deskauth {
namespace {

#if defined(_WIN32)
// Windows cannot dup() a socket; the exchange stops the watcher before its session closes the
// socket, so the handle cannot have been reused by then.
poco_socket_t keepSocket(poco_socket_t socket) { return socket; }
void releaseSocket(poco_socket_t) {}
void cutOff(poco_socket_t socket) { ::shutdown(socket, SD_BOTH); }
#else
// A duplicate: the shutdown can never hit a descriptor number the session closed and something
// else reused meanwhile (shutdown acts on the socket, which the duplicate keeps alive).
poco_socket_t keepSocket(poco_socket_t socket) { return ::dup(socket); }
void releaseSocket(poco_socket_t socket) { ::close(socket); }
void cutOff(poco_socket_t socket) { ::shutdown(socket, SHUT_RDWR); }
#endif

}  // namespace

ExchangeDeadline::ExchangeDeadline(std::chrono::seconds timeout)
    : at_(std::chrono::steady_clock::now() + timeout), watcher_([this] { watch(); }) {}

ExchangeDeadline::~ExchangeDeadline() {
    stop();
    if (socket_ != POCO_INVALID_SOCKET) releaseSocket(socket_);
}

void ExchangeDeadline::guard(poco_socket_t socket) {
    std::lock_guard lock(mutex_);
    if (socket_ != POCO_INVALID_SOCKET) releaseSocket(socket_);
    socket_ = keepSocket(socket);
    if ((expired_ || aborted_) && socket_ != POCO_INVALID_SOCKET) cutOff(socket_);
}

bool ExchangeDeadline::expired() const {
    std::lock_guard lock(mutex_);
    return expired_;
}

void ExchangeDeadline::abort() {
    std::lock_guard lock(mutex_);
    aborted_ = true;
    if (socket_ != POCO_INVALID_SOCKET) cutOff(socket_);
}

bool ExchangeDeadline::aborted() const {
    std::lock_guard lock(mutex_);
    return aborted_;
}

void ExchangeDeadline::stop() {
    {
        std::lock_guard lock(mutex_);
        finished_ = true;
    }
    changed_.notify_all();
    if (watcher_.joinable()) watcher_.join();
}

void ExchangeDeadline::watch() {
    std::unique_lock lock(mutex_);
    if (changed_.wait_until(lock, at_, [this] { return finished_; })) return;
    expired_ = true;
    if (socket_ != POCO_INVALID_SOCKET) cutOff(socket_);
}

}  // namespace deskauth
