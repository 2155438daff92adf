#pragma once
// One running DeskAuth per user in private-URI mode (the seed: "you need to restrict your app to a
// single instance"). The running instance listens on a Unix domain socket in $XDG_RUNTIME_DIR
// (or a private 0700 folder in /tmp), created with mode 0600, and accepts only peers of the same
// user (SO_PEERCRED / getpeereid). A process the OS starts with a redirect URL forwards it there
// and exits. A socket left by a crashed instance is detected (nobody answers) and replaced.
//
// Threads: the handler runs on the instance's own accept thread; the destructor joins it.
#include <functional>
#include <string>
#include <thread>

namespace deskauth {

class SingleInstance {
public:
    using Handler = std::function<void(const std::string& message)>;
    static constexpr std::size_t maxMessageBytes = 16 * 1024;

    // The socket path for this user and channel name (e.g. "deskauth").
    static std::string socketPath(const std::string& name);

    // Delivers `message` to the running instance; true when it acknowledged it, false when no
    // instance is running.
    static bool forward(const std::string& path, const std::string& message);

    // Becomes the running instance. Throws std::runtime_error when another live instance already
    // owns the socket, or the socket cannot be created.
    SingleInstance(std::string path, Handler handler);
    ~SingleInstance();
    SingleInstance(const SingleInstance&) = delete;
    SingleInstance& operator=(const SingleInstance&) = delete;

private:
    void serve();
    void answer(int connection);

    std::string path_;
    Handler handler_;
    int listenFd_ = -1;
    int stopPipe_[2] = {-1, -1};
    std::thread thread_;
};

}  // namespace deskauth
