# A data quality monitoring job definition for one endpoint. It does not set
# network_config.enable_inter_container_traffic_encryption, so its instances talk in plain text.

resource "aws_sagemaker_data_quality_job_definition" "this" {
  name     = var.name
  role_arn = var.role_arn

  data_quality_app_specification {
    image_uri = "468650794304.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name = var.endpoint_name
    }
  }

  data_quality_job_output_config {
    monitoring_outputs {
      s3_output {
        s3_uri = "s3://${var.reports_bucket}/data-quality/${var.name}"
      }
    }
  }

  job_resources {
    cluster_config {
      instance_count    = var.instance_count
      instance_type     = "ml.m5.xlarge"
      volume_size_in_gb = 20
    }
  }

  network_config {
    enable_network_isolation = true
  }
}
