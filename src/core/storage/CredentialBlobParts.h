#pragma once
// Windows Credential Manager keeps at most CRED_MAX_CREDENTIAL_BLOB_SIZE (5 * 512 = 2560) bytes per
// credential, and a token set with a signed ID token can be larger. A value is therefore split
// into numbered parts; the first part starts with the part count and a newline ("3\n..."), the
// others hold raw bytes. Portable and pure (unit-tested on every platform; used on Windows).
// Threads: pure functions, safe from any thread.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace deskauth {

inline constexpr std::size_t kCredentialBlobLimit = std::size_t{5} * 512;  // CRED_MAX_CREDENTIAL_BLOB_SIZE
// 64 parts are about 160 KB, far above any token set; more means the entry is not ours.
inline constexpr std::size_t kMaxCredentialBlobs = 64;

// Throws StorageError when `value` would need more than kMaxCredentialBlobs parts.
std::vector<std::string> splitIntoCredentialBlobs(std::string_view value,
                                                  std::size_t maxBlobSize = kCredentialBlobLimit);

// The part count announced by the first part. Throws CorruptTokenEntry when it announces none.
std::size_t credentialBlobCount(std::string_view firstBlob);

// The value split by splitIntoCredentialBlobs. Throws CorruptTokenEntry when the parts do not fit
// together (wrong count, no header).
std::string joinCredentialBlobs(const std::vector<std::string>& blobs);

}  // namespace deskauth
