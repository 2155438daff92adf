#include "redirect/SingleInstance.h"

#include "log/Log.h"
#include "platform/PrivateRuntimeDir.h"
#include "redirect/InstanceMessage.h"


#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace deskauth {
namespace {

Poco::Logger& singleInstanceLog() { return log::get("instance"); }

sockaddr_un addressOf(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof(address.sun_path)) throw std::runtime_error("socket path too long: " + path);
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    return address;
}

bool waitFor(int fd, short events, int milliseconds) {
    pollfd p{fd, events, 0};
    return ::poll(&p, 1, milliseconds) == 1 && (p.revents & events);
}

bool samePeerUser(int connection) {
#if defined(__linux__)
    ucred credentials{};
    socklen_t length = sizeof credentials;
    return ::getsockopt(connection, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 && credentials.uid == ::getuid();
#else
    uid_t uid = 0;
    gid_t gid = 0;
    return ::getpeereid(connection, &uid, &gid) == 0 && uid == ::getuid();
#endif
}

int connectTo(const std::string& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_un address = addressOf(path);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

std::string SingleInstance::socketPath(const std::string& name) {
    return privateRuntimeDir() + "/" + name + ".sock";
}

bool SingleInstance::forward(const std::string& path, const std::string& message) {
    if (message.size() > maxMessageBytes) return false;
    int fd = connectTo(path);
    if (fd < 0) return false;
    const std::string line = message + "\n";
    bool delivered = ::send(fd, line.data(), line.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(line.size());
    char ack[4] = {};
    delivered = delivered && waitFor(fd, POLLIN, 5000) && ::recv(fd, ack, 3, 0) == 3 && std::string(ack, 3) == "ok\n";
    ::close(fd);
    return delivered;
}

SingleInstance::SingleInstance(std::string path, Handler handler) : path_(std::move(path)), handler_(std::move(handler)) {
    if (int live = connectTo(path_); live >= 0) {
        ::close(live);
        throw std::runtime_error("another DeskAuth instance is running");
    }
    ::unlink(path_.c_str());  // a stale socket from a crashed instance: nobody answered it
    listenFd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listenFd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_un address = addressOf(path_);
    const mode_t previous = ::umask(0177);  // created 0600: no other user can connect
    const int bound = ::bind(listenFd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::umask(previous);
    if (bound != 0 || ::chmod(path_.c_str(), 0600) != 0 || ::listen(listenFd_, 8) != 0 || ::pipe2(stopPipe_, O_CLOEXEC) != 0) {
        const std::string reason = std::strerror(errno);
        ::close(listenFd_);
        throw std::runtime_error("cannot listen on " + path_ + ": " + reason);
    }
    thread_ = std::thread(&SingleInstance::serve, this);
    singleInstanceLog().information("single-instance channel at %s", path_);
}

SingleInstance::~SingleInstance() {
    if (stopPipe_[1] >= 0) (void)!::write(stopPipe_[1], "x", 1);
    if (thread_.joinable()) thread_.join();
    ::close(listenFd_);
    ::close(stopPipe_[0]);
    ::close(stopPipe_[1]);
    ::unlink(path_.c_str());
}

void SingleInstance::serve() {
    for (;;) {
        pollfd fds[2] = {{listenFd_, POLLIN, 0}, {stopPipe_[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[1].revents) return;
        if (!(fds[0].revents & POLLIN)) continue;
        int connection = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (connection < 0) continue;
        answer(connection);
        ::close(connection);
    }
}

void SingleInstance::answer(int connection) {
    if (!samePeerUser(connection)) {
        singleInstanceLog().warning("refused a connection from another user");
        return;
    }
    std::string received;
    char buffer[4096];
    InstanceMessage message = InstanceMessage::frame(received, maxMessageBytes);
    while (message.state == InstanceMessage::State::incomplete) {
        if (!waitFor(connection, POLLIN, 2000)) return;
        const ssize_t n = ::recv(connection, buffer, sizeof buffer, 0);
        if (n <= 0) return;
        received.append(buffer, static_cast<std::size_t>(n));
        message = InstanceMessage::frame(received, maxMessageBytes);
    }
    if (message.state == InstanceMessage::State::oversized) {
        singleInstanceLog().warning("refused an oversized message");
        return;
    }
    (void)!::send(connection, "ok\n", 3, MSG_NOSIGNAL);
    handler_(message.line);
}

}  // namespace deskauth
