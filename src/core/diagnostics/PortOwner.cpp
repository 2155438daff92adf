#include "diagnostics/PortOwner.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace deskauth {

#if defined(__linux__)

namespace {

constexpr const char* kListenState = "0A";  // TCP_LISTEN in /proc/net/tcp's "st" column

// The file name of the program (/proc/<pid>/exe, "node"), as the Windows branch gives the image's:
// /proc/<pid>/comm is the main thread's name, which a program may change — Node.js 22+ names
// its main thread "MainThread". comm only when the link cannot be read (a kernel thread).
std::string programName(const std::filesystem::path& process) {
    std::error_code unreadable;
    std::string file = std::filesystem::read_symlink(process / "exe", unreadable).filename().string();
    const std::string deleted = " (deleted)";  // the program was replaced on disk since it started
    if (file.size() > deleted.size() && file.compare(file.size() - deleted.size(), deleted.size(), deleted) == 0) {
        file.resize(file.size() - deleted.size());
    }
    if (!unreadable && !file.empty()) return file;
    std::string name;
    std::ifstream comm(process / "comm");
    std::getline(comm, name);
    return name;
}

}  // namespace

std::vector<ListeningSocket> listeningSockets(int port) {
    std::vector<ListeningSocket> sockets;
    for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        std::ifstream in(table);
        std::string line;
        std::getline(in, line);  // header
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
            fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode;
            const auto colon = local.rfind(':');
            if (colon == std::string::npos || state != kListenState) continue;
            if (std::stoi(local.substr(colon + 1), nullptr, 16) == port) sockets.push_back({local.substr(0, colon), inode});
        }
    }
    return sockets;
}

std::optional<PortOwner> findListeningPortOwner(int port) {
    namespace fs = std::filesystem;
    std::set<std::string> wanted;
    for (const auto& socket : listeningSockets(port)) {
        if (socket.inode != "0") wanted.insert("socket:[" + socket.inode + "]");
    }
    if (wanted.empty()) return std::nullopt;
    std::error_code ignored;
    for (const auto& process : fs::directory_iterator("/proc", ignored)) {
        const std::string pid = process.path().filename().string();
        if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
        try {
            std::error_code unreadable;  // another user's process: skip it
            for (const auto& fd : fs::directory_iterator(process.path() / "fd", unreadable)) {
                std::error_code gone;
                const auto target = fs::read_symlink(fd.path(), gone);
                if (gone || !wanted.count(target.string())) continue;
                PortOwner owner;
                owner.pid = std::stoi(pid);
                owner.name = programName(process.path());
                return owner;
            }
        } catch (const fs::filesystem_error&) {
            // the process exited while we looked
        }
    }
    return std::nullopt;
}

#elif !defined(_WIN32)  // Windows: PortOwnerWindows.cpp

std::vector<ListeningSocket> listeningSockets(int) { return {}; }
std::optional<PortOwner> findListeningPortOwner(int) { return std::nullopt; }

#endif

}  // namespace deskauth
