#include "storage/RememberedAccount.h"

#include <gtest/gtest.h>

#include <Poco/TemporaryFile.h>

#include <filesystem>
#include <fstream>

using namespace deskauth;
namespace fs = std::filesystem;

namespace {

struct Folder {
    Poco::TemporaryFile folder;  // removed with what is in it
    Folder() { fs::create_directories(folder.path()); }
    fs::path file() const { return fs::path(folder.path()) / "state" / "deskauth" / "account"; }
};

}  // namespace

TEST(RememberedAccount, KeepsTheNameForTheNextRunInAnOwnerOnlyFile) {
    Folder folder;
    {
        RememberedAccount account(folder.file());
        EXPECT_EQ(account.name(), "") << "nothing remembered yet";
        account.remember("alice@example.com");
        EXPECT_EQ(account.name(), "alice@example.com");
    }
    ASSERT_TRUE(fs::exists(folder.file())) << "its folder is made";
#if !defined(_WIN32)
    EXPECT_EQ(fs::status(folder.file()).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
#endif
    // Windows has no mode bits (std::filesystem shows every writable file as 0666): there the file
    // is the user's through the ACL it inherits from %LOCALAPPDATA%, where the app keeps it
    // (UserFolders), as every file of the profile is. What remains to check is that it can be
    // replaced (not read-only), below.
    RememberedAccount nextRun(folder.file());
    EXPECT_EQ(nextRun.name(), "alice@example.com");
    nextRun.remember("bob");
    EXPECT_EQ(RememberedAccount(folder.file()).name(), "bob") << "the last one is kept";
}

TEST(RememberedAccount, ForgetRemovesTheFile) {
    Folder folder;
    RememberedAccount account(folder.file());
    account.remember("alice");
    account.forget();
    EXPECT_EQ(account.name(), "");
    EXPECT_FALSE(fs::exists(folder.file()));
    EXPECT_EQ(RememberedAccount(folder.file()).name(), "");
    account.forget();  // nothing to forget: no error
}

TEST(RememberedAccount, KeepsNoNameThatIsNotOneLine) {
    Folder folder;
    RememberedAccount account(folder.file());
    account.remember("alice");
    account.remember("mallory\nlogin_hint");
    account.remember("");
    account.remember(std::string(RememberedAccount::kMaxLength + 1, 'a'));
    EXPECT_EQ(RememberedAccount(folder.file()).name(), "alice");
}

TEST(RememberedAccount, AFileWithSomethingElseIsNoName) {
    Folder folder;
    fs::create_directories(folder.file().parent_path());
    std::ofstream(folder.file()) << std::string(RememberedAccount::kMaxLength + 10, 'x') << "\n";
    EXPECT_EQ(RememberedAccount(folder.file()).name(), "");
}

TEST(RememberedAccount, WithoutAFileRemembersForThisRunOnly) {
    RememberedAccount account;
    account.remember("alice");
    EXPECT_EQ(account.name(), "alice");
    account.forget();
    EXPECT_EQ(account.name(), "");
}
