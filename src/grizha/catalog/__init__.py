"""The catalog of social services and supporting activities, modelled on Open Referral HSDS 3.0."""
