// The Windows twin of SingleInstance.cpp: the same interface and line protocol over a named pipe.
#include "redirect/SingleInstance.h"

#include "log/Log.h"
#include "platform/WideString.h"
#include "redirect/InstanceMessage.h"

// clang-format off
#include <windows.h>
#include <sddl.h>
// clang-format on

#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

namespace deskauth {
namespace {

Poco::Logger& singleInstanceWindowsLog() { return log::get("instance"); }

constexpr DWORD readTimeoutMs = 2000;     // as the Unix server: a client that stays silent is dropped
constexpr DWORD forwardTimeoutMs = 5000;  // as the Unix forward(): how long to wait for the instance
constexpr DWORD pipeBufferBytes = 4096;

struct HandleCloser {
    void operator()(HANDLE handle) const { CloseHandle(handle); }
};
using Handle = std::unique_ptr<void, HandleCloser>;  // never holds INVALID_HANDLE_VALUE

std::string failure(const char* call) {
    return std::string(call) + " failed (error " + std::to_string(GetLastError()) + ")";
}

// The TOKEN_USER of a process (empty when it cannot be read); userSid() points into it.
std::vector<unsigned char> tokenUser(HANDLE process) {
    HANDLE raw = nullptr;
    if (!OpenProcessToken(process, TOKEN_QUERY, &raw)) return {};
    const Handle token(raw);
    DWORD size = 0;
    GetTokenInformation(raw, TokenUser, nullptr, 0, &size);
    std::vector<unsigned char> user(size);
    if (size == 0 || !GetTokenInformation(raw, TokenUser, user.data(), size, &size)) return {};
    return user;
}

PSID userSid(std::vector<unsigned char>& user) { return reinterpret_cast<TOKEN_USER*>(user.data())->User.Sid; }

std::vector<unsigned char> currentUser() {
    auto user = tokenUser(GetCurrentProcess());
    if (user.empty()) throw std::runtime_error("cannot read this process's user: " + failure("GetTokenInformation"));
    return user;
}

std::string sidText(PSID sid) {
    LPSTR text = nullptr;
    if (!ConvertSidToStringSidA(sid, &text)) throw std::runtime_error(failure("ConvertSidToStringSidA"));
    std::string result(text);
    LocalFree(text);
    return result;
}

// True when process `pid` runs as the same user as this one: the counterpart of SO_PEERCRED.
bool sameUser(ULONG pid) {
    const Handle process(OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid));
    if (!process) return false;  // e.g. another user's process, which we may not even inspect
    auto theirs = tokenUser(process.get());
    auto ours = tokenUser(GetCurrentProcess());
    return !theirs.empty() && !ours.empty() && EqualSid(userSid(theirs), userSid(ours));
}

// Waits for an overlapped operation on `pipe`: at most `milliseconds`, and not past `stop` when
// given. One that timed out or was stopped is cancelled and awaited, so the OVERLAPPED and its
// buffer are never written after this returns. Returns the bytes moved, or nothing on failure.
std::optional<DWORD> await(HANDLE pipe, OVERLAPPED& overlapped, DWORD milliseconds, HANDLE stop) {
    const HANDLE events[2] = {overlapped.hEvent, stop};
    const DWORD woke = WaitForMultipleObjects(stop ? 2 : 1, events, FALSE, milliseconds);
    if (woke != WAIT_OBJECT_0) CancelIoEx(pipe, &overlapped);
    DWORD moved = 0;
    const BOOL done = GetOverlappedResult(pipe, &overlapped, &moved, TRUE);
    if (woke != WAIT_OBJECT_0 || !done) return std::nullopt;
    return moved;
}

enum class Io { read, write };

std::optional<DWORD> transfer(HANDLE pipe, Io io, void* buffer, DWORD size, DWORD milliseconds, HANDLE stop) {
    const Handle done(CreateEventW(nullptr, TRUE, FALSE, nullptr));
    if (!done) return std::nullopt;
    OVERLAPPED overlapped{};
    overlapped.hEvent = done.get();
    const BOOL started = io == Io::read ? ReadFile(pipe, buffer, size, nullptr, &overlapped)
                                        : WriteFile(pipe, buffer, size, nullptr, &overlapped);
    if (!started && GetLastError() != ERROR_IO_PENDING) return std::nullopt;  // e.g. the other end left
    return await(pipe, overlapped, milliseconds, stop);
}

}  // namespace

std::string SingleInstance::socketPath(const std::string& name) {
    if (name.empty() || name.find('\\') != std::string::npos) throw std::runtime_error("invalid channel name: " + name);
    // Pipe names are machine-wide, not per user: the user's SID keeps users apart, and the DACL and
    // the checks on both ends keep another user out even if it takes the name first.
    auto user = currentUser();
    return "\\\\.\\pipe\\deskauth-" + sidText(userSid(user)) + "-" + name;
}

bool SingleInstance::forward(const std::string& path, const std::string& message) {
    if (message.size() > maxMessageBytes) return false;
    const std::wstring name = widen(path);
    const ULONGLONG deadline = GetTickCount64() + forwardTimeoutMs;
    Handle pipe;
    while (!pipe) {
        // Identification level only: a server that is not ours must not be able to act as us.
        const HANDLE opened = CreateFileW(name.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                                          FILE_FLAG_OVERLAPPED | SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION, nullptr);
        if (opened != INVALID_HANDLE_VALUE) {
            pipe.reset(opened);
        } else if (GetLastError() != ERROR_PIPE_BUSY || GetTickCount64() >= deadline) {
            return false;  // no instance is running (or it stayed busy with another client)
        } else {
            WaitNamedPipeW(name.c_str(), 250);  // the single pipe instance is serving someone else
        }
    }
    // The message is a redirect URL with an authorization code: hand it only to a process of this
    // user (another user could have created a pipe of this name first). A code that leaks anyway
    // is useless without the PKCE verifier that stays in the running instance (RFC 8252 §8.1).
    ULONG server = 0;
    if (!GetNamedPipeServerProcessId(pipe.get(), &server) || !sameUser(server)) {
        singleInstanceWindowsLog().warning("refused to forward to %s: it is not served by this user", path);
        return false;
    }
    std::string line = message + "\n";
    const auto sent = transfer(pipe.get(), Io::write, line.data(), static_cast<DWORD>(line.size()), forwardTimeoutMs, nullptr);
    if (!sent || *sent != line.size()) return false;
    char ack[3] = {};
    DWORD received = 0;
    while (received < sizeof ack) {
        const auto n = transfer(pipe.get(), Io::read, ack + received, sizeof ack - received, forwardTimeoutMs, nullptr);
        if (!n || *n == 0) return false;
        received += *n;
    }
    return std::string(ack, sizeof ack) == "ok\n";
}

SingleInstance::SingleInstance(std::string path, Handler handler) : path_(std::move(path)), handler_(std::move(handler)) {
    auto user = currentUser();
    // Owner-only, the counterpart of mode 0600: a protected DACL (nothing inherited) whose one
    // entry gives this user's SID full access; other users cannot open the pipe.
    const std::wstring sddl = L"D:P(A;;GA;;;" + widen(sidText(userSid(user))) + L")";
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1, &descriptor, nullptr)) {
        throw std::runtime_error("cannot build the pipe's security descriptor: " +
                                 failure("ConvertStringSecurityDescriptorToSecurityDescriptorW"));
    }
    SECURITY_ATTRIBUTES attributes{sizeof attributes, descriptor, FALSE};
    // FILE_FLAG_FIRST_PIPE_INSTANCE fails with ERROR_ACCESS_DENIED when the pipe exists: another
    // live instance owns it (a crashed one leaves nothing: the pipe goes with its last handle).
    // One instance at most, so nobody can add a second server end under our name while we run.
    const HANDLE pipe = CreateNamedPipeW(widen(path_).c_str(),
                                         PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE | FILE_FLAG_OVERLAPPED,
                                         PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1,
                                         pipeBufferBytes, pipeBufferBytes, readTimeoutMs, &attributes);
    const DWORD error = GetLastError();
    LocalFree(descriptor);
    if (pipe == INVALID_HANDLE_VALUE) {
        if (error == ERROR_ACCESS_DENIED || error == ERROR_PIPE_BUSY) {
            throw std::runtime_error("another DeskAuth instance is running");
        }
        throw std::runtime_error("cannot create " + path_ + ": error " + std::to_string(error));
    }
    pipe_ = pipe;
    stopEvent_ = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    if (!stopEvent_) {
        const std::string reason = failure("CreateEventW");
        CloseHandle(pipe_);
        throw std::runtime_error("cannot listen on " + path_ + ": " + reason);
    }
    thread_ = std::thread(&SingleInstance::serve, this);
    singleInstanceWindowsLog().information("single-instance channel at %s", path_);
}

SingleInstance::~SingleInstance() {
    SetEvent(stopEvent_);  // every wait in serve() also waits for this event
    if (thread_.joinable()) thread_.join();
    CloseHandle(pipe_);  // the pipe's name goes with its last handle: nothing to remove
    CloseHandle(stopEvent_);
}

void SingleInstance::serve() {
    for (;;) {
        const Handle connected(CreateEventW(nullptr, TRUE, FALSE, nullptr));
        if (!connected) return;
        OVERLAPPED overlapped{};
        overlapped.hEvent = connected.get();
        bool client = ConnectNamedPipe(pipe_, &overlapped) != FALSE;
        if (!client) {
            const DWORD error = GetLastError();
            if (error == ERROR_PIPE_CONNECTED) {
                client = true;  // it connected before we asked
            } else if (error == ERROR_IO_PENDING) {
                client = await(pipe_, overlapped, INFINITE, stopEvent_).has_value();
            } else if (WaitForSingleObject(stopEvent_, 100) == WAIT_OBJECT_0) {
                return;  // e.g. ERROR_NO_DATA (it came and went): retry, but never spin
            }
        }
        if (WaitForSingleObject(stopEvent_, 0) == WAIT_OBJECT_0) return;
        if (client) answer(pipe_);
        DisconnectNamedPipe(pipe_);  // ready for the next client
    }
}

void SingleInstance::answer(void* pipe) {
    // The DACL admits only this user already; check the process too, as the Unix side checks the uid.
    ULONG client = 0;
    if (!GetNamedPipeClientProcessId(pipe, &client) || !sameUser(client)) {
        singleInstanceWindowsLog().warning("refused a connection from another user");
        return;
    }
    std::string received;
    char buffer[4096];
    InstanceMessage message = InstanceMessage::frame(received, maxMessageBytes);
    while (message.state == InstanceMessage::State::incomplete) {
        const auto n = transfer(pipe, Io::read, buffer, sizeof buffer, readTimeoutMs, stopEvent_);
        if (!n || *n == 0) return;
        received.append(buffer, *n);
        message = InstanceMessage::frame(received, maxMessageBytes);
    }
    if (message.state == InstanceMessage::State::oversized) {
        singleInstanceWindowsLog().warning("refused an oversized message");
        return;
    }
    char ok[] = "ok\n";
    const auto sent = transfer(pipe, Io::write, ok, 3, readTimeoutMs, stopEvent_);
    handler_(message.line);
    // DisconnectNamedPipe discards what the client has not read yet: wait until it has read the
    // answer and closed its end (the read then fails), or give up after the timeout.
    if (sent && *sent == 3) (void)transfer(pipe, Io::read, buffer, sizeof buffer, readTimeoutMs, stopEvent_);
}

}  // namespace deskauth
