#include "support/AuthServerSuite.h"

namespace deskauth::test {

std::unique_ptr<AuthServerProcess> AuthServerSuite::server_;

void AuthServerSuite::SetUpTestSuite() { server_ = std::make_unique<AuthServerProcess>(); }

void AuthServerSuite::TearDownTestSuite() { server_.reset(); }

AuthServerProcess& AuthServerSuite::authServer() { return *server_; }

}  // namespace deskauth::test
