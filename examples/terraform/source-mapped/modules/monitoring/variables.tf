variable "name" {
  type = string
}

variable "endpoint_name" {
  type = string
}

variable "instance_count" {
  type = number
}

variable "reports_bucket" {
  type = string
}

variable "role_arn" {
  type = string
}
