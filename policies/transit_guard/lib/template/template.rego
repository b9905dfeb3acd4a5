# METADATA
# title: CloudFormation template access
# description: >-
#   The resources of a CloudFormation (or SAM) template, for the libraries that read resources
#   other than jobs; job interpretation is the CloudFormation adapter's
#   (lib/adapters/cloudformation).
package transit_guard.lib.template

import data.transit_guard.lib.document

# METADATA
# description: >-
#   The template's resources by logical ID ({} when the input is not a template). One complete
#   value, so that a lookup by ID is a lookup, not an evaluation.
# scope: document
default resources := {}

resources := input.Resources if document.kind == "cloudformation"
