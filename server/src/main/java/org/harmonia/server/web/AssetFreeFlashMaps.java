package org.harmonia.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * The pages' flash attributes (the message after a redirect), kept in the session as Spring MVC keeps them, except
 * that a stylesheet or script request never looks for them: the session lives in PostgreSQL, and reading it for every
 * asset of every page would cost more than the asset.
 */
@Component(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
class AssetFreeFlashMaps extends SessionFlashMapManager {
    @Override
    protected List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
        if (AssetUrlEncodingFilter.isAsset(request)) {
            return null;
        }
        return super.retrieveFlashMaps(request);
    }
}
