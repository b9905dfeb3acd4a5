# Model monitoring for two endpoints, with its reports bucket. `transit-guard check plan.json`
# reports each finding at the block below that produced it (main.tf, modules/monitoring/main.tf).

locals {
  account_id = "111122223333"
  # Text that looks like configuration but is not: the source mapping must not be fooled by it.
  runbook = <<-EOT
    resource "aws_s3_bucket" "monitoring" {
      # an example in a heredoc, not a resource
    }
  EOT
  monitored_endpoints = {
    prod    = { instances = 2, schedule = "cron(0 * ? * * *)" }
    staging = { instances = 1, schedule = "cron(0 0 ? * * *)" }
  }
}

/*
resource "aws_s3_bucket" "monitoring" {
  bucket = "the-old-reports-bucket"
}
*/

// resource "aws_s3_bucket_policy" "monitoring" {

resource "aws_s3_bucket" "monitoring" {
  bucket = "ml-monitoring-reports-${local.account_id}"
  tags = {
    note = "reports of resource \"aws_s3_bucket\" \"monitoring\" { ${local.account_id} }"
  }
}

# Denies deleting the bucket, but nothing requires TLS (aws:SecureTransport): TG401.
resource "aws_s3_bucket_policy" "monitoring" {
  bucket = aws_s3_bucket.monitoring.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "KeepReports"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:DeleteBucket"
      Resource  = "arn:aws:s3:::ml-monitoring-reports-${local.account_id}"
    }]
  })
}

resource "aws_sagemaker_model" "baseline" {
  name               = "churn-baseline"
  execution_role_arn = "arn:aws:iam::${local.account_id}:role/sagemaker-execution"

  primary_container {
    image          = "${local.account_id}.dkr.ecr.eu-west-1.amazonaws.com/churn:1.4.0"
    model_data_url = "s3://ml-models-${local.account_id}/churn/model.tar.gz"
  }
}

module "monitoring" {
  source   = "./modules/monitoring"
  for_each = local.monitored_endpoints

  name           = "churn-${each.key}"
  endpoint_name  = "churn-${each.key}"
  instance_count = each.value.instances
  reports_bucket = aws_s3_bucket.monitoring.bucket
  role_arn       = "arn:aws:iam::${local.account_id}:role/sagemaker-monitoring"
}
