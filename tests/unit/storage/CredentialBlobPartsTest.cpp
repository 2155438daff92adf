// Splitting values over the Windows Credential Manager's 2560-byte blob limit (portable logic).
#include "storage/CredentialBlobParts.h"

#include "storage/TokenSetCodec.h"

#include <gtest/gtest.h>

using namespace deskauth;

namespace {

std::string valueOf(std::size_t size) {
    std::string value(size, '\0');
    for (std::size_t i = 0; i < size; ++i) value[i] = static_cast<char>('a' + i % 26);
    return value;
}

}  // namespace

TEST(CredentialBlobParts, ASmallValueIsOnePartThatAnnouncesItself) {
    const auto blobs = splitIntoCredentialBlobs("{\"v\":1}");
    ASSERT_EQ(blobs.size(), 1u);
    EXPECT_EQ(blobs[0], "1\n{\"v\":1}");
    EXPECT_EQ(credentialBlobCount(blobs[0]), 1u);
}

TEST(CredentialBlobParts, EveryPartStaysWithinTheLimit) {
    const auto blobs = splitIntoCredentialBlobs(valueOf(6000));
    ASSERT_EQ(blobs.size(), 3u);
    for (const auto& blob : blobs) EXPECT_LE(blob.size(), kCredentialBlobLimit);
    EXPECT_EQ(credentialBlobCount(blobs[0]), 3u);
}

TEST(CredentialBlobParts, JoiningRestoresTheValueAtEverySizeAroundTheBoundaries) {
    for (std::size_t size : {0u, 1u, 2555u, 2556u, 2557u, 5115u, 5116u, 5117u, 20000u}) {
        const std::string value = valueOf(size);
        const auto blobs = splitIntoCredentialBlobs(value);
        for (const auto& blob : blobs) EXPECT_LE(blob.size(), kCredentialBlobLimit) << size;
        EXPECT_EQ(joinCredentialBlobs(blobs), value) << size;
    }
}

TEST(CredentialBlobParts, AMissingOrExtraPartIsCorrupt) {
    auto blobs = splitIntoCredentialBlobs(valueOf(6000));
    auto missing = blobs;
    missing.pop_back();
    EXPECT_THROW(joinCredentialBlobs(missing), CorruptTokenEntry);
    auto extra = blobs;
    extra.push_back("x");
    EXPECT_THROW(joinCredentialBlobs(extra), CorruptTokenEntry);
    EXPECT_THROW(joinCredentialBlobs({}), CorruptTokenEntry);
}

TEST(CredentialBlobParts, ACredentialWithoutOurHeaderIsForeign) {
    for (const std::string& first : std::vector<std::string>{"", "{\"v\":1}", "\n{}", "x\n{}", "1x\n{}", "0\n{}", "65\n{}", "1000\n{}"}) {
        EXPECT_THROW(credentialBlobCount(first), CorruptTokenEntry) << first;
    }
}

TEST(CredentialBlobParts, AnAbsurdlyLargeValueIsRefused) {
    EXPECT_THROW(splitIntoCredentialBlobs(valueOf(kMaxCredentialBlobs * kCredentialBlobLimit)), StorageError);
}
