"""Who may do what to an author profile: editors to all (their model permissions), each 著者
to their own (view and change), never another's."""

from wagtail.permission_policies import ModelPermissionPolicy

OWN_PROFILE_ACTIONS = {"view", "change"}


class AuthorProfilePolicy(ModelPermissionPolicy):
    def has_model_permission(self, user, action):
        """The permission from the user's groups, over every profile."""
        return super().user_has_permission(user, action)

    def user_has_permission(self, user, action):
        # "On some or all instances": the edit screens then ask per instance, below.
        if self.has_model_permission(user, action):
            return True
        own = action in OWN_PROFILE_ACTIONS and user.is_active
        return own and self.model.objects.filter(user_id=user.pk).exists()

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if self.has_model_permission(user, action):
            return True
        return action in OWN_PROFILE_ACTIONS and user.is_active and instance.user_id == user.pk

    def instances_user_has_any_permission_for(self, user, actions):
        if any(self.has_model_permission(user, action) for action in actions):
            return self.model.objects.all()
        if set(actions) & OWN_PROFILE_ACTIONS and user.is_active:
            return self.model.objects.filter(user_id=user.pk)
        return self.model.objects.none()
