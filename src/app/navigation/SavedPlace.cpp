#include "navigation/SavedPlace.h"

#include "navigation/Router.h"

#include <Poco/DigestEngine.h>
#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/Process.h>
#include <Poco/SHA2Engine.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#if !defined(_WIN32)
#include <sys/stat.h>
#endif

namespace deskauth::app {
namespace {

// The app's logger (core/log's "app" area), without linking the core into this wx-free library.
Poco::Logger& savedPlaceLog() { return Poco::Logger::get("deskauth.app"); }

constexpr int kFormatVersion = 1;
constexpr std::streamsize kMaxFileSize = 4096;  // far above the document; larger is not ours

bool isOwnerKey(const std::string& owner) {
    if (owner.empty()) return true;
    if (owner.size() != 64) return false;
    return owner.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

std::string placeOwner(const std::string& authority, const std::string& subject) {
    Poco::SHA2Engine sha256(Poco::SHA2Engine::SHA_256);
    // The authority's length first, so that no other pair of strings gives the same input.
    sha256.update(std::to_string(authority.size()) + ":" + authority + subject);
    return Poco::DigestEngine::digestToHex(sha256.digest());
}

std::optional<SavedPlace> PlaceFile::load() const {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return std::nullopt;  // no place kept yet
    std::string text(static_cast<std::size_t>(kMaxFileSize) + 1, '\0');
    in.read(text.data(), kMaxFileSize + 1);
    text.resize(static_cast<std::size_t>(in.gcount()));
    try {
        if (text.size() > static_cast<std::size_t>(kMaxFileSize)) throw std::runtime_error("larger than 4 KB");
        const auto object = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
        if (!object || object->optValue<int>("v", 0) != kFormatVersion) throw std::runtime_error("not format 1");
        SavedPlace place{object->getValue<std::string>("returnLocation"), object->getValue<std::string>("owner")};
        // Only a real, non-transient place and a well-formed owner key are taken back.
        const auto route = parseLocation(place.returnLocation);
        if (!route || Router::isTransient(place.returnLocation)) throw std::runtime_error("not a place to return to");
        if (!isOwnerKey(place.owner)) throw std::runtime_error("malformed owner");
        return place;
    } catch (const Poco::Exception& e) {
        savedPlaceLog().warning("the place to return to (%s) is ignored: %s", path_, e.displayText());
    } catch (const std::exception& e) {
        savedPlaceLog().warning("the place to return to (%s) is ignored: %s", path_, std::string(e.what()));
    }
    return std::nullopt;
}

void PlaceFile::save(const SavedPlace& place) const {
    Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
    object.set("v", kFormatVersion);
    object.set("returnLocation", place.returnLocation);
    object.set("owner", place.owner);
    std::ostringstream text;
    object.stringify(text);
    const std::string temporary = path_ + "." + std::to_string(Poco::Process::id()) + ".new";
    try {
        const Poco::Path folder = Poco::Path(path_).parent();
        Poco::File(folder).createDirectories();
#if !defined(_WIN32)
        ::chmod(folder.toString().c_str(), 0700);  // XDG Base Directory: the state home is the user's own
#endif
        {
            std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
            out << text.str();
            out.close();
            if (!out) throw std::runtime_error("could not write " + temporary);
        }
        Poco::File(temporary).renameTo(path_);
    } catch (const Poco::Exception& e) {
        savedPlaceLog().warning("the place to return to could not be kept in %s: %s", path_, e.displayText());
        std::remove(temporary.c_str());
    } catch (const std::exception& e) {
        savedPlaceLog().warning("the place to return to could not be kept in %s: %s", path_, std::string(e.what()));
        std::remove(temporary.c_str());
    }
}

}  // namespace deskauth::app
