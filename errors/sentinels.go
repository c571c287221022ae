package errors

// Sentinels, one per ECS exception. Compare with errors.Is; their messages
// are the short summaries of the ECS API reference, in our own words.
var (
	ErrAccessDenied                          = sentinel(CodeAccessDenied, "You do not have authorization to perform the requested action.")
	ErrAttributeLimitExceeded                = sentinel(CodeAttributeLimitExceeded, "A resource can have at most 10 custom attributes.")
	ErrBlocked                               = sentinel(CodeBlocked, "The account is blocked; check the billing information.")
	ErrClient                                = sentinel(CodeClient, "The request was rejected because of a client error.")
	ErrClusterContainsCapacityProvider       = sentinel(CodeClusterContainsCapacityProvider, "The cluster still has capacity providers associated with it.")
	ErrClusterContainsContainerInstances     = sentinel(CodeClusterContainsContainerInstances, "The cluster still has registered container instances.")
	ErrClusterContainsServices               = sentinel(CodeClusterContainsServices, "The cluster still has active services.")
	ErrClusterContainsTasks                  = sentinel(CodeClusterContainsTasks, "The cluster still has active tasks.")
	ErrClusterNotFound                       = sentinel(CodeClusterNotFound, "Cluster not found.")
	ErrConflict                              = sentinel(CodeConflict, "The request conflicts with the current state of a resource.")
	ErrDaemonNotActive                       = sentinel(CodeDaemonNotActive, "The daemon is not active.")
	ErrDaemonNotFound                        = sentinel(CodeDaemonNotFound, "The daemon was not found.")
	ErrGatewayNotFound                       = sentinel(CodeGatewayNotFound, "The gateway was not found.")
	ErrInvalidParameter                      = sentinel(CodeInvalidParameter, "A parameter of the request is invalid.")
	ErrLimitExceeded                         = sentinel(CodeLimitExceeded, "A limit of the account or resource was exceeded.")
	ErrMissingVersion                        = sentinel(CodeMissingVersion, "The container instance's agent version is unknown.")
	ErrNamespaceNotFound                     = sentinel(CodeNamespaceNotFound, "The namespace was not found.")
	ErrNoUpdateAvailable                     = sentinel(CodeNoUpdateAvailable, "No agent update is available for the container instance.")
	ErrPlatformTaskDefinitionIncompatibility = sentinel(CodePlatformTaskDefinitionIncompatibility, "The platform version does not support a capability the task definition needs.")
	ErrPlatformUnknown                       = sentinel(CodePlatformUnknown, "The platform version does not exist.")
	ErrResourceInUse                         = sentinel(CodeResourceInUse, "The resource is in use.")
	ErrResourceNotFound                      = sentinel(CodeResourceNotFound, "The resource was not found.")
	ErrServer                                = sentinel(CodeServer, "The request failed because of a server error.")
	ErrServiceDeploymentNotFound             = sentinel(CodeServiceDeploymentNotFound, "The service deployment was not found.")
	ErrServiceNotActive                      = sentinel(CodeServiceNotActive, "Service was not ACTIVE.")
	ErrServiceNotFound                       = sentinel(CodeServiceNotFound, "Service not found.")
	ErrTargetNotConnected                    = sentinel(CodeTargetNotConnected, "The execute command target is not connected.")
	ErrTargetNotFound                        = sentinel(CodeTargetNotFound, "The target was not found.")
	ErrTaskSetNotFound                       = sentinel(CodeTaskSetNotFound, "The task set was not found.")
	ErrUnsupportedFeature                    = sentinel(CodeUnsupportedFeature, "The feature is not available in this Region.")
	ErrUpdateInProgress                      = sentinel(CodeUpdateInProgress, "An agent update is already in progress on the container instance.")
)

func sentinel(c Code, msg string) *Error { return &Error{code: c, message: msg} }

// All lists every sentinel, in code order. Tests and documentation
// generators use it to enumerate the exceptions.
func All() []*Error {
	return []*Error{
		ErrAccessDenied, ErrAttributeLimitExceeded, ErrBlocked, ErrClient,
		ErrClusterContainsCapacityProvider, ErrClusterContainsContainerInstances,
		ErrClusterContainsServices, ErrClusterContainsTasks, ErrClusterNotFound,
		ErrConflict, ErrDaemonNotActive, ErrDaemonNotFound, ErrGatewayNotFound,
		ErrInvalidParameter, ErrLimitExceeded, ErrMissingVersion, ErrNamespaceNotFound,
		ErrNoUpdateAvailable, ErrPlatformTaskDefinitionIncompatibility, ErrPlatformUnknown,
		ErrResourceInUse, ErrResourceNotFound, ErrServer, ErrServiceDeploymentNotFound,
		ErrServiceNotActive, ErrServiceNotFound, ErrTargetNotConnected, ErrTargetNotFound,
		ErrTaskSetNotFound, ErrUnsupportedFeature, ErrUpdateInProgress,
	}
}
