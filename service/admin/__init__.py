"""The customer-service area of the Wagtail admin (客户服务); see viewsets.py."""
