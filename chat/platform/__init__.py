"""The platform: what every deployment offers whatever capabilities it installs
(help, about, my cases, choosing an organisation, the welcome); declared in
`chat.platform.feature`."""
