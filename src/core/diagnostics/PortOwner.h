#pragma once
// Which program listens on a local TCP port, for "port 8001 is busy (node, pid 4242)". Linux: the
// socket's inode from /proc/net/tcp{,6}, then the process whose /proc/<pid>/fd links to it — only
// processes this user may inspect (others' are reported as unknown). Windows: the IP Helper TCP
// tables (GetTcpTable2 / GetTcp6Table2) with their owning process (PortOwnerWindows.cpp).
// Elsewhere: always unknown.
// Threads: blocking (reads /proc, or asks the IP Helper); call it off the UI thread. No shared state.
#include <optional>
#include <string>
#include <vector>

namespace deskauth {

struct PortOwner {
    int pid = 0;
    std::string name;  // the program's file name (Linux /proc/<pid>/exe, Windows the image's)
};

std::optional<PortOwner> findListeningPortOwner(int port);

// The sockets listening on `port`, IPv4 and IPv6, as /proc/net/tcp{,6} lists them (Linux and
// Windows; empty elsewhere). `localAddress` is the hex address as /proc/net/tcp{,6} writes it,
// e.g. "0100007F" for 127.0.0.1, on Windows too.
struct ListeningSocket {
    std::string localAddress;
    std::string inode;  // Linux only ("" on Windows)
};
std::vector<ListeningSocket> listeningSockets(int port);

}  // namespace deskauth
