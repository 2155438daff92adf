#include "storage/CredentialBlobParts.h"

#include "storage/TokenSetCodec.h"

#include <stdexcept>

namespace deskauth {

namespace {

// Room for the header in the first part: at most "64\n".
constexpr std::size_t kHeaderRoom = 4;

std::size_t headerLength(std::string_view firstBlob) {
    const auto newline = firstBlob.find('\n');
    if (newline == std::string_view::npos || newline == 0 || newline >= kHeaderRoom) {
        throw CorruptTokenEntry(CorruptTokenEntry::Reason::Foreign, "credential without a part count");
    }
    return newline + 1;
}

}  // namespace

std::vector<std::string> splitIntoCredentialBlobs(std::string_view value, std::size_t maxBlobSize) {
    if (maxBlobSize <= kHeaderRoom) throw std::invalid_argument("credential blob size too small");
    const std::size_t firstCapacity = maxBlobSize - kHeaderRoom;
    std::vector<std::string> blobs;
    blobs.emplace_back(value.substr(0, firstCapacity));
    for (std::size_t offset = firstCapacity; offset < value.size(); offset += maxBlobSize) {
        blobs.emplace_back(value.substr(offset, maxBlobSize));
    }
    if (blobs.size() > kMaxCredentialBlobs) {
        throw StorageError("Your sign-in is too large to be saved in the Windows Credential Manager.",
                           std::to_string(value.size()) + " bytes need " + std::to_string(blobs.size()) + " parts");
    }
    blobs.front().insert(0, std::to_string(blobs.size()) + "\n");
    return blobs;
}

std::size_t credentialBlobCount(std::string_view firstBlob) {
    const std::size_t length = headerLength(firstBlob);
    std::size_t count = 0;
    for (char c : firstBlob.substr(0, length - 1)) {
        if (c < '0' || c > '9') {
            throw CorruptTokenEntry(CorruptTokenEntry::Reason::Foreign, "credential without a part count");
        }
        count = count * 10 + static_cast<std::size_t>(c - '0');
    }
    if (count < 1 || count > kMaxCredentialBlobs) {
        throw CorruptTokenEntry(CorruptTokenEntry::Reason::InvalidField,
                                "credential announces " + std::to_string(count) + " parts");
    }
    return count;
}

std::string joinCredentialBlobs(const std::vector<std::string>& blobs) {
    if (blobs.empty()) throw CorruptTokenEntry(CorruptTokenEntry::Reason::InvalidField, "no credential parts");
    const std::size_t count = credentialBlobCount(blobs.front());
    if (count != blobs.size()) {
        throw CorruptTokenEntry(CorruptTokenEntry::Reason::InvalidField,
                                "credential announces " + std::to_string(count) + " parts, " +
                                    std::to_string(blobs.size()) + " found");
    }
    std::string value = blobs.front().substr(headerLength(blobs.front()));
    for (std::size_t i = 1; i < blobs.size(); ++i) value += blobs[i];
    return value;
}

}  // namespace deskauth
