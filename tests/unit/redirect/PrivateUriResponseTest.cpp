#include "redirect/PrivateUriResponse.h"

#include "errors/Errors.h"

#include <gtest/gtest.h>

using deskauth::PrivateUriResponse;
using deskauth::ProtocolError;

namespace {
const std::string scheme = "com.deskauth.desktop";
}

TEST(PrivateUriResponse, ReadsTheQueryOfAValidRedirect) {
    auto query = PrivateUriResponse::parse("com.deskauth.desktop:/callback?code=c&state=s&iss=https%3A%2F%2Fx", scheme, "/callback");
    EXPECT_EQ(query["code"], "c");
    EXPECT_EQ(query["state"], "s");
    EXPECT_EQ(query["iss"], "https://x");
}

TEST(PrivateUriResponse, RefusesOtherSchemesPathsAuthoritiesAndHugeUrls) {
    for (const std::string url : {"com.evil.app:/callback?code=c&state=s", "com.deskauth.desktop:/other?code=c",
                                  "com.deskauth.desktop://evil.example.com/callback?code=c",
                                  "com.deskauth.desktop:/callback?code=a&code=b", "https://example.com/callback?code=c",
                                  "com.deskauth.desktop:/callback?code=c#frag"}) {
        EXPECT_THROW(PrivateUriResponse::parse(url, scheme, "/callback"), ProtocolError) << url;
    }
    const std::string huge = "com.deskauth.desktop:/callback?code=" + std::string(9000, 'a');
    EXPECT_THROW(PrivateUriResponse::parse(huge, scheme, "/callback"), ProtocolError);
}

TEST(PrivateUriResponse, RecognisesOurSchemeOnly) {
    EXPECT_TRUE(PrivateUriResponse::usesScheme("com.deskauth.desktop:/callback", scheme));
    EXPECT_FALSE(PrivateUriResponse::usesScheme("com.deskauth.desktopx:/callback", scheme));
    EXPECT_FALSE(PrivateUriResponse::usesScheme("--config", scheme));
}

// Found while writing the fuzz targets (tests/fuzz): a bad %-escape threw Poco::SyntaxException,
// which no caller expects; in the app it ended the background thread and so the whole process (a web page could
// crash DeskAuth with a link to com.deskauth.desktop:/callback?code=%zz).
TEST(PrivateUriResponse, RefusesMalformedEscapesAsAProtocolError) {
    for (const std::string url : {"com.deskauth.desktop:/callback?code=%zz&state=s", "com.deskauth.desktop:/callback?code=%",
                                  "com.deskauth.desktop:/callback?%4=x"}) {
        try {
            PrivateUriResponse::parse(url, scheme, "/callback");
            ADD_FAILURE() << "accepted " << url;
        } catch (const ProtocolError& e) {
            EXPECT_EQ(e.code(), "invalid_redirect_url") << url;
        }
    }
}
