#include "support/LoginHelpers.h"

#include "errors/Errors.h"

namespace deskauth::test {

std::string codeOf(std::exception_ptr error) {
    try {
        if (error) std::rethrow_exception(error);
    } catch (const Error& e) {
        return e.code();
    }
    return "(none)";
}

}  // namespace deskauth::test
