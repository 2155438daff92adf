#pragma once
// The place to come back to after a sign-in, kept across a restart of the app (issue 20): the
// Router's return location and whose it is, in the app's own state file, never with the tokens.
// The owner is not the user's ID but a SHA-256 of the authority and the ID token's `sub`: enough to
// tell "the same user" from "someone else", and the file names no one.
//
//   {"v":1,"returnLocation":"/companies/3/transactions","owner":"<64 hex digits>"}
//
// A file that cannot be read, or is not this document, is ignored (the user lands on the
// companies list, as before there was a file); a write that fails is logged, never shown.
// Threads: wx-free; any thread, one object per thread (the app uses it on the UI thread).
#include <optional>
#include <string>

namespace deskauth::app {

struct SavedPlace {
    std::string returnLocation;
    std::string owner;  // placeOwner(); empty: nobody's yet

    bool operator==(const SavedPlace&) const = default;
};

// The owner key of the user `subject` (the ID token's sub) of `authority`.
std::string placeOwner(const std::string& authority, const std::string& subject);

class PlaceFile {
public:
    explicit PlaceFile(std::string path) : path_(std::move(path)) {}

    // nullopt when there is no file, or it cannot be read or used (logged).
    std::optional<SavedPlace> load() const;
    // Replaces the file (a new file renamed over it, so a reader never sees half of one); creates
    // its folder (0700 on POSIX). Failures are logged.
    void save(const SavedPlace& place) const;

    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace deskauth::app
