// storage/SessionBus: the session bus GDBus would find, against real folders and a real socket.
#include "storage/SessionBus.h"

#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using deskauth::missingSessionBus;

TEST(SessionBus, AnAddressIsUsedWhateverTheRuntimeFolderHolds) {
    EXPECT_EQ(missingSessionBus("unix:path=/nonexistent/bus", nullptr), std::nullopt);
}

TEST(SessionBus, NoAddressAndNoRuntimeFolderIsNoBus) {
    const auto missing = missingSessionBus(nullptr, nullptr);
    ASSERT_TRUE(missing.has_value());
    EXPECT_NE(missing->find("DBUS_SESSION_BUS_ADDRESS is not set"), std::string::npos) << *missing;
    EXPECT_TRUE(missingSessionBus("", "").has_value()) << "empty is unset";
}

TEST(SessionBus, TheRuntimeFoldersBusSocketIsABus) {
    Poco::TemporaryFile folder;
    std::filesystem::create_directories(folder.path());
    EXPECT_TRUE(missingSessionBus(nullptr, folder.path().c_str()).has_value()) << "an empty runtime folder";
    std::filesystem::create_directories(folder.path() + "/bus");
    EXPECT_TRUE(missingSessionBus(nullptr, folder.path().c_str()).has_value()) << "a folder named bus is no socket";
    std::filesystem::remove(folder.path() + "/bus");
    // a Unix socket of ours, as a D-Bus daemon of the user session makes it
    const int bus = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_GE(bus, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string path = folder.path() + "/bus";
    ASSERT_LT(path.size(), sizeof address.sun_path);
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    ASSERT_EQ(::bind(bus, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0) << std::strerror(errno);
    EXPECT_EQ(missingSessionBus(nullptr, folder.path().c_str()), std::nullopt);
    ::close(bus);
}
