#pragma once
// One running DeskAuth per user in private-URI mode (RFC 8252 §7.1; the seed: "you need to restrict
// your app to a single instance"). A process the OS starts with a redirect URL forwards it to the
// running instance and exits. The channel is private to the user on both platforms:
// - Unix (SingleInstance.cpp): a Unix domain socket in $XDG_RUNTIME_DIR (or a private 0700 folder
//   in /tmp), created with mode 0600; only peers of the same user are served (SO_PEERCRED /
//   getpeereid). A socket left by a crashed instance is detected (nobody answers) and replaced.
// - Windows (SingleInstanceWindows.cpp): the named pipe \\.\pipe\deskauth-<user SID>-<name>,
//   created as the first and only instance, local clients only, with a DACL that admits the
//   current user alone; both ends check that the other process runs as the same user. The pipe
//   ends with the process that owns it, so nothing stale is ever left behind.
// A message is one line (at most maxMessageBytes, then "\n"); the instance answers "ok\n".
//
// Threads: the handler runs on the instance's own serving thread; the destructor stops and
// joins it.
#include <cstddef>
#include <functional>
#include <string>
#include <thread>

namespace deskauth {

class SingleInstance {
public:
    using Handler = std::function<void(const std::string& message)>;
    static constexpr std::size_t maxMessageBytes = std::size_t{16} * 1024;

    // The socket path (Unix) or pipe name (Windows) for this user and channel name (e.g. "deskauth").
    static std::string socketPath(const std::string& name);

    // Delivers `message` to the running instance; true when it acknowledged it, false when no
    // instance is running.
    static bool forward(const std::string& path, const std::string& message);

    // Becomes the running instance. Throws std::runtime_error when another live instance already
    // owns the socket or pipe, or it cannot be created.
    SingleInstance(std::string path, Handler handler);
    ~SingleInstance();
    SingleInstance(const SingleInstance&) = delete;
    SingleInstance& operator=(const SingleInstance&) = delete;

private:
    void serve();

    std::string path_;
    Handler handler_;
#if defined(_WIN32)
    // HANDLEs of the pipe and of the event that stops serve(); <windows.h> stays out of here.
    void answer(void* pipe);
    void* pipe_ = nullptr;
    void* stopEvent_ = nullptr;
#else
    void answer(int connection);
    int listenFd_ = -1;
    int stopPipe_[2] = {-1, -1};
#endif
    std::thread thread_;
};

}  // namespace deskauth
