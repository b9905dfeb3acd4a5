# METADATA
# title: What the rules inspected in a document
# description: >-
#   The numbers of resources the decision reports: the SageMaker workloads (jobs and definitions)
#   and the resources the other rules inspect (RStudio domains, user profiles and apps; guardrail
#   policies; SageMaker VPC endpoints), and apart from them the S3 buckets on SageMaker's data
#   paths, which are not SageMaker resources. A document with none of either is reported as
#   having no SageMaker configuration.
package transit_guard.lib.inventory

import data.transit_guard.lib.fips
import data.transit_guard.lib.iam
import data.transit_guard.lib.rstudio
import data.transit_guard.lib.s3
import data.transit_guard.lib.workloads

# METADATA
# description: Every inspected resource other than the workloads, by kind and name.
# scope: document
others contains ["rstudio", name] if some name in rstudio.resources

others contains ["guardrail", policy.resource] if some policy in iam.guardrails

others contains ["vpc_endpoint", endpoint.resource] if some endpoint in fips.endpoints

# METADATA
# description: How many SageMaker resources the document defines that the rules inspected.
total := ((count(workloads.found) + rstudio_resources) + guardrails) + vpc_endpoints

# METADATA
# description: >-
#   The shares of total, each computable on its own (a document evaluated area by area counts
#   each beside the rules that read the same resources: main/parts.rego).
rstudio_resources := count({name | some name in rstudio.resources})

# METADATA
# description: Guardrail policies inspected (a share of total).
guardrails := count({policy.resource | some policy in iam.guardrails})

# METADATA
# description: SageMaker VPC endpoints inspected (a share of total).
vpc_endpoints := count({endpoint.resource | some endpoint in fips.endpoints})

# METADATA
# description: How many S3 buckets on SageMaker's data paths the rules inspected.
buckets := count({bucket.resource | some bucket in s3.buckets})
