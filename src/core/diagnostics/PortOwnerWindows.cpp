// PortOwner on Windows: the TCP tables of the IP Helper API (GetTcpTable2 / GetTcp6Table2), which
// list every socket with its state and owning process, as Linux lists them in /proc/net/tcp{,6}.
#include "diagnostics/PortOwner.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <windows.h>

#include <cstdint>
#include <cstdio>
#include <vector>

namespace deskauth {

namespace {

// The table functions say how big a buffer they need; the table may grow between the two calls,
// so the size is asked again until the copy fits.
template <typename Table, typename Fetch>
std::vector<unsigned char> fetchTable(Fetch fetch) {
    std::vector<unsigned char> buffer(sizeof(Table));
    for (int attempt = 0; attempt < 8; ++attempt) {
        ULONG size = static_cast<ULONG>(buffer.size());
        const ULONG result = fetch(reinterpret_cast<Table*>(buffer.data()), &size, FALSE);
        if (result == NO_ERROR) return buffer;
        if (result != ERROR_INSUFFICIENT_BUFFER) break;
        buffer.resize(size);
    }
    return {};
}

// Network-order bytes as /proc/net/tcp{,6} prints them: each 32-bit word of the address read in
// the machine's (little-endian) order, in hex, so 127.0.0.1 is "0100007F" on both systems.
std::string procHex(const unsigned char* bytes, std::size_t count) {
    std::string hex;
    for (std::size_t word = 0; word + 4 <= count; word += 4) {
        std::uint32_t value = 0;
        for (int i = 3; i >= 0; --i) value = (value << 8) | bytes[word + static_cast<std::size_t>(i)];
        char text[9];
        std::snprintf(text, sizeof text, "%08X", static_cast<unsigned>(value));
        hex += text;
    }
    return hex;
}

// The port as the tables hold it: the low 16 bits of the DWORD, in network byte order.
int portOf(DWORD tablePort) { return ntohs(static_cast<u_short>(tablePort & 0xFFFF)); }

struct Listening {
    ListeningSocket socket;
    DWORD pid;
};

std::vector<Listening> listening(int port) {
    std::vector<Listening> found;
    const auto v4 = fetchTable<MIB_TCPTABLE2>(GetTcpTable2);
    if (!v4.empty()) {
        const auto* table = reinterpret_cast<const MIB_TCPTABLE2*>(v4.data());
        for (DWORD i = 0; i < table->dwNumEntries; ++i) {
            const auto& row = table->table[i];
            if (row.dwState != MIB_TCP_STATE_LISTEN || portOf(row.dwLocalPort) != port) continue;
            const DWORD address = row.dwLocalAddr;  // network order, as the bytes in memory
            found.push_back({{procHex(reinterpret_cast<const unsigned char*>(&address), 4), ""}, row.dwOwningPid});
        }
    }
    const auto v6 = fetchTable<MIB_TCP6TABLE2>(GetTcp6Table2);
    if (!v6.empty()) {
        const auto* table = reinterpret_cast<const MIB_TCP6TABLE2*>(v6.data());
        for (DWORD i = 0; i < table->dwNumEntries; ++i) {
            const auto& row = table->table[i];
            if (row.State != MIB_TCP_STATE_LISTEN || portOf(row.dwLocalPort) != port) continue;
            found.push_back({{procHex(row.LocalAddr.u.Byte, 16), ""}, row.dwOwningPid});
        }
    }
    return found;
}

// The program's file name ("node.exe"), or "" when this user may not ask (another user's
// process, a protected one).
std::string processName(DWORD pid) {
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (!process) return "";
    wchar_t image[MAX_PATH];
    DWORD length = MAX_PATH;
    const bool ok = QueryFullProcessImageNameW(process, 0, image, &length) != 0;
    CloseHandle(process);
    if (!ok) return "";
    std::wstring file(image, length);
    file = file.substr(file.find_last_of(L"\\/") + 1);  // npos + 1 == 0: the whole name
    const int bytes = WideCharToMultiByte(CP_UTF8, 0, file.c_str(), static_cast<int>(file.size()), nullptr, 0, nullptr, nullptr);
    std::string name(static_cast<std::size_t>(bytes), '\0');
    WideCharToMultiByte(CP_UTF8, 0, file.c_str(), static_cast<int>(file.size()), name.data(), bytes, nullptr, nullptr);
    return name;
}

}  // namespace

std::vector<ListeningSocket> listeningSockets(int port) {
    std::vector<ListeningSocket> sockets;
    for (const auto& entry : listening(port)) sockets.push_back(entry.socket);
    return sockets;
}

std::optional<PortOwner> findListeningPortOwner(int port) {
    for (const auto& entry : listening(port)) {
        if (entry.pid == 0) continue;  // the table did not say
        const std::string name = processName(entry.pid);
        if (name.empty()) continue;
        return PortOwner{static_cast<int>(entry.pid), name};
    }
    return std::nullopt;
}

}  // namespace deskauth
