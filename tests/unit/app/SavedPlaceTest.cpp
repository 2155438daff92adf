// The place to return to, kept in the app's state file between runs (issue 20), over real files.
#include "navigation/SavedPlace.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace deskauth::app;

namespace {

struct StateFolder {
    Poco::TemporaryFile folder;  // removed with everything in it
    std::string file = Poco::Path(folder.path()).append("deskauth/state.json").toString();

    void write(const std::string& text) const {
        Poco::File(Poco::Path(file).parent()).createDirectories();
        std::ofstream(file, std::ios::binary) << text;
    }
    std::string read() const {
        std::ifstream in(file, std::ios::binary);
        std::stringstream all;
        all << in.rdbuf();
        return all.str();
    }
};

}  // namespace

TEST(SavedPlace, IsKeptAndReadBackByTheNextRun) {
    StateFolder state;
    const std::string owner = placeOwner("https://id.example", "user-alice");
    PlaceFile(state.file).save({"/companies/3/transactions", owner});
    const auto next = PlaceFile(state.file).load();
    ASSERT_TRUE(next) << "the folder was created and the file written";
    EXPECT_EQ(next->returnLocation, "/companies/3/transactions");
    EXPECT_EQ(next->owner, owner);
    PlaceFile(state.file).save({"/companies", ""});
    EXPECT_EQ(PlaceFile(state.file).load(), (SavedPlace{"/companies", ""})) << "replaced, as at sign-out";
}

TEST(SavedPlace, TheFileNamesNoOne) {
    StateFolder state;
    PlaceFile(state.file).save({"/companies/3/transactions", placeOwner("https://id.example", "user-alice")});
    const std::string text = state.read();
    EXPECT_EQ(text.find("alice"), std::string::npos) << text;
    EXPECT_EQ(text.find("id.example"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("returnLocation":"/companies/3/transactions")"), std::string::npos) << text;
}

TEST(SavedPlace, TheOwnerTellsUsersAndAuthoritiesApart) {
    const std::string alice = placeOwner("https://id.example", "user-alice");
    EXPECT_EQ(alice, placeOwner("https://id.example", "user-alice"));
    EXPECT_EQ(alice.size(), 64u);
    EXPECT_NE(alice, placeOwner("https://id.example", "user-bob"));
    EXPECT_NE(alice, placeOwner("https://other.example", "user-alice")) << "sub is unique per issuer only";
    EXPECT_NE(placeOwner("https://id.example\nuser", "-alice"), placeOwner("https://id.example", "user\n-alice"));
}

TEST(SavedPlace, NoFileOrAnUnusableOneIsNoPlace) {
    StateFolder state;
    EXPECT_FALSE(PlaceFile(state.file).load()) << "no file yet";
    const std::string owner(64, 'a');
    for (const std::string& text :
         {std::string("not json"), std::string("[]"), std::string(R"({"v":2,"returnLocation":"/companies","owner":""})"),
          R"({"v":1,"returnLocation":"/login","owner":")" + owner + R"("})",
          R"({"v":1,"returnLocation":"/admin","owner":")" + owner + R"("})",
          std::string(R"({"v":1,"returnLocation":"/companies","owner":"user-alice"})"),
          std::string(R"({"v":1,"returnLocation":"/companies"})"), std::string(5000, ' ') + "{}"}) {
        state.write(text);
        EXPECT_FALSE(PlaceFile(state.file).load()) << text.substr(0, 80);
    }
    state.write(R"({"v":1,"returnLocation":"/companies/7/transactions","owner":")" + owner + R"("})");
    EXPECT_EQ(PlaceFile(state.file).load(), (SavedPlace{"/companies/7/transactions", owner}));
}
